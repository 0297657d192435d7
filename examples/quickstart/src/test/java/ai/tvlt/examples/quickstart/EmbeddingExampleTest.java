package ai.tvlt.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.Pooling;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.video.VideoLoader;
import ai.tvlt.weights.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbeddingExample} on generated clips with the golden tiny checkpoint: the printed values must be
 * the CLS vector the library's embedding pipeline ({@link TvltEmbedder}, which passes both attention masks,
 * tested against the model's own forward in tvlt-models) gives for the same media, to the printed
 * precision (6 decimals: at most 5e-7 off), for a clip folder and for a video + audio pair.
 */
class EmbeddingExampleTest {

    private static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");
    /** Half a unit of the 6th decimal, plus float noise of the double-precision norm. */
    private static final double PRINTED = 5.01e-7;

    @TempDir
    Path samples;

    @Test
    void printsTheClsVectorOfAFullClip() {
        checkAgainstLibrary(new SampleMedia(4, 1.0, 64, 48).generateClip(samples, 0));
    }

    @Test
    void printsTheClsVectorOfAClipWithFewerFramesThanTheModelTakes() {
        SampleMedia.Clip clip = new SampleMedia(2, 1.5, 64, 48).generateClip(samples, 1);
        assertEquals(List.of(1L), distinct(pixelMask(clip)), "one clip of 2 frames: pixel_mask is all ones");
        checkAgainstLibrary(clip);
    }

    @Test
    void aClipFolderGivesTheSameVector() {
        SampleMedia.Clip clip = new SampleMedia(3, 1.0, 64, 48).generateClip(samples, 2);
        List<String> lines = StdoutCapture.run(EmbeddingExample::main, CHECKPOINT.toString(),
                clip.folder().toString());
        assertEquals(lines, StdoutCapture.run(EmbeddingExample::main, CHECKPOINT.toString(),
                clip.framesFolder().toString(), clip.audio().toString()));
        assertEquals("dimension: 32", lines.get(0));
    }

    @Test
    void wrongArgumentsGiveTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingExample.main(new String[] {CHECKPOINT.toString()}));
        assertTrue(e.getMessage().startsWith("usage: EmbeddingExample"), e.getMessage());
    }

    private static void checkAgainstLibrary(SampleMedia.Clip clip) {
        List<String> lines = StdoutCapture.run(EmbeddingExample::main, CHECKPOINT.toString(),
                clip.framesFolder().toString(), clip.audio().toString());
        float[] expected = clsWithMasks(clip);
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals("dimension: " + expected.length, lines.get(0));
        String[] first = lines.get(1).substring("first values: ".length()).split(" ");
        assertEquals(8, first.length);
        for (int i = 0; i < first.length; i++) {
            assertEquals(expected[i], Double.parseDouble(first[i]), PRINTED, "value " + i);
        }
        double squares = 0;
        for (float v : expected) {
            squares += (double) v * v;
        }
        assertEquals(Math.sqrt(squares), Double.parseDouble(lines.get(2).substring("norm: ".length())), PRINTED);
    }

    private static float[] clsWithMasks(SampleMedia.Clip clip) {
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().pooling(Pooling.CLS).build())) {
            return embedder.embed(clip.framesFolder(), clip.audio());
        }
    }

    private static long[] pixelMask(SampleMedia.Clip clip) {
        DecodedAudio wav = AudioDecoder.read(clip.audio());
        return TvltProcessor.fromPretrained(CHECKPOINT).process(VideoLoader.defaults().load(clip.framesFolder(), 4),
                wav.samples(), wav.samplingRate()).pixels().pixelMask().data();
    }

    private static List<Long> distinct(long[] values) {
        return Arrays.stream(values).distinct().boxed().toList();
    }
}

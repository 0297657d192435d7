package ai.tvlt.models.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.TvltException;
import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.models.tvlt.TvltModel;
import ai.tvlt.models.tvlt.TvltModelInput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.clip.ClipSource;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.video.VideoLoader;
import ai.tvlt.weights.testing.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TvltEmbedder} on the golden tiny checkpoint (4 frames of 32x32, 32-wide): a clip's vector is the
 * CLS row of the model's own forward on the processor's output, whichever way the clip is given, and
 * padded batches of clips of different lengths give each clip's vector alone within the golden model
 * tolerance, with per-clip errors.
 */
class TvltEmbedderTest {

    static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");

    @TempDir
    static Path dir;

    static List<ClipSource> clips;
    static TvltEmbedder cls;
    static TvltEmbedder mean;

    @BeforeAll
    static void samples() {
        clips = new ArrayList<>();
        // ragged: 1 to 4 frames, 0.3 to 1.2 s of audio
        int[] frames = {4, 1, 3, 2, 4};
        double[] seconds = {1.0, 0.3, 0.7, 1.2, 0.5};
        for (int i = 0; i < frames.length; i++) {
            SampleMedia.Clip c = new SampleMedia(frames[i], seconds[i], 40, 30).generateClip(dir, i);
            clips.add(new ClipSource("clip" + i, c.framesFolder(), c.audio()));
        }
        cls = TvltEmbedder.fromPretrained(CHECKPOINT.toString());
        mean = TvltEmbedder.fromPretrained(CHECKPOINT, EmbedderOptions.builder().pooling(Pooling.MEAN).batchSize(3).build());
    }

    @AfterAll
    static void close() {
        cls.close();
        mean.close();
    }

    @Test
    void aClipsVectorIsTheClsRowOfTheModelsForward() {
        ClipSource clip = clips.get(2);
        TvltProcessor processor = TvltProcessor.fromPretrained(CHECKPOINT);
        TvltInputs inputs = processor.process(VideoLoader.defaults().load(clip.video(), 4),
                AudioDecoder.read(clip.audio()).samples(), 44_100).inputs();
        float[] expected;
        try (TvltModel model = TvltModel.fromPretrained(CHECKPOINT)) {
            expected = model.forward(TvltModelInput.builder().inputs(inputs).build()).lastHiddenState().slice(0, 0);
        }
        assertEquals(32, cls.dimension());
        assertArrayEquals(expected, cls.embed(clip.video(), clip.audio()));
        assertArrayEquals(expected, cls.embed(dir.resolve("clip2")), "the clip folder");
        assertArrayEquals(expected, cls.embed(VideoLoader.defaults().load(clip.video(), 4),
                AudioDecoder.read(clip.audio()).samples(), 44_100), "frames and waveform in memory");
        assertArrayEquals(expected, cls.embed(inputs).get(0), "preprocessed inputs");
    }

    @Test
    void paddedBatchesOfRaggedClipsEqualEachClipAlone() {
        for (TvltEmbedder embedder : List.of(cls, mean)) {
            List<Integer> done = new ArrayList<>();
            List<ClipEmbedding> batched = embedder.embed(clips, (result, count, total) -> {
                assertEquals(clips.size(), total);
                done.add(count);
            });
            assertEquals(List.of(1, 2, 3, 4, 5), done);
            for (int i = 0; i < clips.size(); i++) {
                ClipSource clip = clips.get(i);
                float[] alone = embedder.embed(clip.video(), clip.audio());
                float[] vector = assertInstanceOf(ClipEmbedding.Success.class, batched.get(i)).vector();
                assertEquals(clip.id(), batched.get(i).id());
                assertClose(alone, vector, embedder + " " + clip.id());
            }
        }
        assertNotEquals(cls.embed(clips.get(0).video(), clips.get(0).audio())[0],
                mean.embed(clips.get(0).video(), clips.get(0).audio())[0], "mean pooling is not CLS");
    }

    @Test
    void theSameClipInBatchesOfAnySizeGivesBitIdenticalVectors() {
        ClipSource clip = clips.get(0);
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().batchSize(16).build())) {
            float[] alone = embedder.embed(clip.video(), clip.audio());
            for (int n : new int[] {2, 3, 8, 16}) {
                List<ClipEmbedding> batch = embedder.embed(new ArrayList<>(Collections.nCopies(n, clip)));
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(alone, assertInstanceOf(ClipEmbedding.Success.class, batch.get(i)).vector(),
                            "batch of " + n + ", clip " + i);
                }
            }
        }
    }

    @Test
    void aBrokenClipFailsAloneWithItsFileNamed() {
        List<ClipSource> withBroken = new ArrayList<>(clips.subList(0, 3));
        withBroken.add(1, new ClipSource("broken", clips.get(0).video(), dir.resolve("missing.wav")));
        List<ClipEmbedding> results = cls.embed(withBroken);
        assertEquals(4, results.size());
        ClipEmbedding.Failure failure = assertInstanceOf(ClipEmbedding.Failure.class, results.get(1));
        assertTrue(failure.message().contains("missing.wav"), failure.message());
        for (int i : new int[] {0, 2, 3}) {
            assertInstanceOf(ClipEmbedding.Success.class, results.get(i), results.get(i).toString());
        }
    }

    @Test
    void twentyBrokenClipsInTwoHundredLeaveTheOther180AsTheyAreWithoutThem() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.wav"), "RIFF not really a wave file".getBytes(
                StandardCharsets.US_ASCII));
        Path emptyFolder = Files.createDirectories(dir.resolve("no-frames"));
        List<ClipSource> good = new ArrayList<>();
        List<ClipSource> mixed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ClipSource base = clips.get(i % clips.size());
            ClipSource clip;
            if (i % 10 == 7) {
                Path video = i % 20 == 7 ? emptyFolder : base.video();
                Path audio = i % 20 == 7 ? base.audio() : (i % 40 == 17 ? dir.resolve("missing.wav") : garbage);
                clip = new ClipSource("broken" + i, video, audio);
            } else {
                clip = new ClipSource("clip" + i, base.video(), base.audio());
                good.add(clip);
            }
            mixed.add(clip);
        }
        assertEquals(180, good.size());
        List<ClipEmbedding> alone = cls.embed(good);
        List<ClipEmbedding> withBroken = cls.embed(mixed);
        int k = 0;
        for (ClipEmbedding result : withBroken) {
            if (result.id().startsWith("broken")) {
                ClipEmbedding.Failure failure = assertInstanceOf(ClipEmbedding.Failure.class, result);
                assertTrue(failure.message().contains("no-frames") || failure.message().contains(".wav"),
                        failure.message());
                continue;
            }
            ClipEmbedding expected = alone.get(k++);
            assertEquals(expected.id(), result.id());
            assertArrayEquals(assertInstanceOf(ClipEmbedding.Success.class, expected).vector(),
                    assertInstanceOf(ClipEmbedding.Success.class, result).vector(), result.id());
        }
        assertEquals(180, k);
    }

    @Test
    void loadingInTheBackgroundGivesTheSameVectors() {
        try (TvltEmbedder background = TvltEmbedder.fromPretrainedInBackground(CHECKPOINT, EmbedderOptions.defaults())) {
            assertEquals(cls.dimension(), background.dimension());
            ClipSource clip = clips.get(3);
            assertArrayEquals(cls.embed(clip.video(), clip.audio()), background.embed(clip.video(), clip.audio()));
            List<ClipEmbedding> batched = background.embed(clips.subList(0, 2));
            assertArrayEquals(assertInstanceOf(ClipEmbedding.Success.class, cls.embed(clips.subList(0, 2)).get(1))
                    .vector(), assertInstanceOf(ClipEmbedding.Success.class, batched.get(1)).vector());
        }
    }

    @Test
    void aModelThatFailsToLoadInTheBackgroundFailsEveryCallWithItsOwnMessage() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken-checkpoint"));
        Files.copy(CHECKPOINT.resolve("config.json"), broken.resolve("config.json"));
        Files.write(broken.resolve("model.safetensors"), new byte[] {1, 2, 3});
        TvltEmbedder background = TvltEmbedder.fromPretrainedInBackground(broken, EmbedderOptions.defaults());
        ClipSource clip = clips.get(0);
        TvltException single = assertThrows(TvltException.class, () -> background.embed(clip.video(), clip.audio()));
        assertTrue(single.getMessage().contains("model.safetensors"), single.getMessage());
        // In a batch it fails the call as a whole, not each clip with the same message.
        TvltException batch = assertThrows(TvltException.class, () -> background.embed(clips.subList(0, 2)));
        assertEquals(single.getMessage(), batch.getMessage());
        background.close();
    }

    @Test
    void badArgumentsNameTheProblem() {
        TvltException notAClip = assertThrows(TvltException.class, () -> cls.embed(clips.get(0).audio()));
        assertTrue(notAClip.getMessage().contains(clips.get(0).audio().getFileName().toString()),
                notAClip.getMessage());
        assertThrows(InvalidInputException.class, () -> cls.embed(dir.resolve("absent")));
        assertThrows(InvalidInputException.class, () -> EmbedderOptions.builder().batchSize(0));
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            // the golden MODEL tolerance
            assertTrue(Math.abs(actual[i] - expected[i]) <= 1e-4 + 1e-4 * Math.abs(expected[i]),
                    what + " [" + i + "]: " + actual[i] + " vs " + expected[i]);
        }
    }
}

package ai.tvlt.examples.cli;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.AudioFeatures;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.image.PixelInputs;
import ai.tvlt.processing.video.VideoLoader;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.safetensors.TensorInfo;
import ai.tvlt.weights.testing.GoldenFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shared inputs of the head command tests: the tiny golden checkpoints, small generated clips, checkpoints
 * edited to lack a head, and the preprocessing done with the library's own pieces (not the CLI's loader),
 * so the tests compare the commands with direct library calls.
 */
final class HeadsFixtures {

    static final Path PRETRAINING = GoldenFiles.resolve("models/tiny-pretraining");
    static final Path CLASSIFICATION = GoldenFiles.resolve("models/tiny-classification");
    static final Path REGRESSION = GoldenFiles.resolve("models/tiny-regression");

    /** 4 frames (the tiny config's num_frames) of 48x40, 2 s of audio: more than spectrogram_length rows. */
    static final SampleMedia MEDIA = new SampleMedia(4, 2.0, 48, 40);

    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadsFixtures() {
    }

    /** A media file of the test resources ({@code /media}, made with ffmpeg by tvlt-processing's make-fixtures.sh). */
    static Path media(String name) {
        try {
            return Path.of(HeadsFixtures.class.getResource("/media/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<SampleMedia.Clip> clips(Path dir, int count) {
        return MEDIA.generate(dir, count);
    }

    /** pixel_values and pixel_mask (as float) of a frames folder, preprocessed by the library directly. */
    static PixelInputs pixels(Path checkpoint, Path video) {
        TvltProcessor processor = TvltProcessor.fromPretrained(checkpoint);
        return processor.imageProcessor().preprocessVideo(
                VideoLoader.defaults().load(video, processor.imageProcessor().numFrames()));
    }

    /** audio_values and audio_mask of a WAV file at the extractor's rate, by the library directly. */
    static AudioFeatures audio(Path checkpoint, Path wav) {
        return TvltProcessor.fromPretrained(checkpoint).featureExtractor().extract(AudioDecoder.read(wav));
    }

    static FloatTensor asFloat(LongTensor mask) {
        long[] v = mask.data();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return FloatTensor.wrap(f, mask.shape());
    }

    /**
     * Copies a checkpoint folder, setting config keys and leaving out some weights.
     *
     * @param source the checkpoint to copy
     * @param dest the new folder
     * @param configEdits key/value pairs set in config.json (boolean values)
     * @param drop weights to leave out
     * @return dest
     */
    static Path editedCheckpoint(Path source, Path dest, ObjectNode configEdits, Predicate<String> drop) {
        try {
            Files.createDirectories(dest);
            ObjectNode config = (ObjectNode) JSON.readTree(source.resolve("config.json").toFile());
            config.setAll(configEdits);
            JSON.writeValue(dest.resolve("config.json").toFile(), config);
            SafetensorsWriter writer = new SafetensorsWriter();
            try (SafetensorsFile file = SafetensorsFile.open(source.resolve("model.safetensors"))) {
                for (String name : file.names()) {
                    if (!drop.test(name)) {
                        TensorInfo info = file.info(name);
                        writer.put(name, info.dtype(), info.shape(), file.rawData(name));
                    }
                }
            }
            writer.write(dest.resolve("model.safetensors"));
            return dest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode edits() {
        return JSON.createObjectNode();
    }

    static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}

package ai.tvlt.processing.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seeds of {@link AudioDecoderFuzzTest}: tiny WAV files of every supported encoding (PCM 8/16/24/32,
 * float 32/64, {@code WAVE_FORMAT_EXTENSIBLE}, several channels, extra chunks, another rate) and a few broken
 * ones. They are committed under
 * {@code src/test/resources/ai/tvlt/processing/audio/AudioDecoderFuzzTestInputs/wavBytes}; regenerate them
 * with (from the repository root, after {@code mvn -pl tvlt-processing -am test-compile}):
 * <pre>
 * java -cp "$(cat cp.txt):tvlt-processing/target/classes:tvlt-processing/target/test-classes:tvlt-core/target/classes" \
 *     ai.tvlt.processing.audio.WavSeeds tvlt-processing/src/test/resources/ai/tvlt/processing/audio/AudioDecoderFuzzTestInputs/wavBytes
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -pl tvlt-processing dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
final class WavSeeds {

    private WavSeeds() {
    }

    /**
     * Writes the seeds.
     *
     * @param args the seed folder
     * @throws IOException when writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long[] ramp = new long[64];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (i * 37) % 200 - 100;
        }
        write(dir, "pcm8_mono", TestWavFile.pcm(8, 1, 0, 128, 255, 1, 127));
        write(dir, "pcm16_mono", TestWavFile.pcm(16, 1, ramp));
        write(dir, "pcm16_stereo_list_chunk", withList(TestWavFile.pcm(16, 2, 1000, -1000, 32767, -32768)));
        write(dir, "pcm24_mono", TestWavFile.pcm(24, 1, 8388607, -8388608, 1, 0));
        write(dir, "pcm32_three_channels", TestWavFile.pcm(32, 3, 1, -1, Integer.MAX_VALUE, 5, 6, 7));
        write(dir, "float32_stereo_extensible", TestWavFile.float32(2, 0.5f, -0.5f, 1e-3f, 1f).extensible());
        write(dir, "float64_mono", TestWavFile.float64(1, 0.25, -0.75, 1e-9));
        TestWavFile rate = TestWavFile.pcm(16, 1, ramp);
        rate.samplingRate = 16000;
        write(dir, "pcm16_16k", rate);
        TestWavFile odd = TestWavFile.pcm(8, 1, 1, 2, 3);
        odd.dataBeforeFmt = true;
        write(dir, "data_before_fmt", odd);
        TestWavFile lying = TestWavFile.pcm(16, 1, 1, 2);
        lying.dataSizeOverride = 1_000_000L;
        write(dir, "data_size_past_end", lying);
    }

    private static TestWavFile withList(TestWavFile w) {
        w.withListChunk = true;
        return w;
    }

    private static void write(Path dir, String name, TestWavFile wav) throws IOException {
        Files.write(dir.resolve(name), wav.bytes());
    }
}

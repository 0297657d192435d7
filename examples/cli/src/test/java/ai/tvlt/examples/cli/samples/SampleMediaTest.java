package ai.tvlt.examples.cli.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.examples.cli.TvltCommand;
import ai.tvlt.processing.clip.SampleAudio;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.clip.SampleVideo;
import ai.tvlt.processing.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tvlt samples} writes decodable, deterministic, per-clip distinct PNG frames and WAV files. */
class SampleMediaTest {

    @Test
    void samplesCommandWritesDecodableFramesAndWav(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        int code = TvltCommand.newCommandLine().setOut(new PrintWriter(out))
                .execute("samples", "--out", dir.toString(), "--clips", "2", "--seconds", "1.5");
        assertEquals(0, code);
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        for (int clip = 0; clip < 2; clip++) {
            Path frames = dir.resolve("clip" + clip).resolve("frames");
            Path wav = dir.resolve("clip" + clip).resolve("audio.wav");
            assertEquals(frames + " " + wav, lines.get(clip));
            List<Path> files = ImageDecoder.listImageFiles(frames);
            assertEquals(SampleMedia.DEFAULT_FRAMES, files.size());
            for (Path f : files) {
                BufferedImage image = ImageIO.read(f.toFile());
                assertNotNull(image, f + " is not a decodable image");
                assertEquals(SampleVideo.DEFAULT_WIDTH, image.getWidth());
                assertEquals(SampleVideo.DEFAULT_HEIGHT, image.getHeight());
            }
            short[] pcm = readPcm16Mono44k(wav);
            assertEquals(Math.round(1.5 * SampleAudio.SAMPLING_RATE), pcm.length);
        }
    }

    @Test
    void framesMoveAndClipsDiffer() {
        SampleVideo clip0 = SampleVideo.of(0);
        int[] first = pixels(clip0.frame(0));
        int[] last = pixels(clip0.frame(7));
        assertFalse(Arrays.equals(first, last), "shapes move between frames");
        assertFalse(Arrays.equals(first, pixels(SampleVideo.of(1).frame(0))), "clips differ");
        assertArrayEquals(first, pixels(SampleVideo.of(0).frame(0)), "same id, same frame");
        assertTrue(Arrays.stream(first).distinct().count() > 20, "not a flat picture");
    }

    @Test
    void audioIsDeterministicDistinctAndInRange() {
        float[] a = new SampleAudio(0).samples(1.0, SampleAudio.SAMPLING_RATE);
        float[] again = new SampleAudio(0).samples(1.0, SampleAudio.SAMPLING_RATE);
        float[] b = new SampleAudio(1).samples(1.0, SampleAudio.SAMPLING_RATE);
        assertArrayEquals(a, again);
        assertFalse(Arrays.equals(a, b));
        double peak = 0;
        double energy = 0;
        for (float v : a) {
            peak = Math.max(peak, Math.abs(v));
            energy += v * v;
        }
        assertTrue(peak <= 1.0 && peak > 0.5, "peak " + peak);
        assertTrue(Math.sqrt(energy / a.length) > 0.05, "audible, not silence");
    }

    @Test
    void sameClipIdGivesIdenticalFiles(@TempDir Path dir) throws IOException {
        SampleMedia media = new SampleMedia(2, 0.5, 64, 48);
        SampleMedia.Clip one = media.generateClip(dir.resolve("a"), 3);
        SampleMedia.Clip two = media.generateClip(dir.resolve("b"), 3);
        assertArrayEquals(Files.readAllBytes(one.audio()), Files.readAllBytes(two.audio()));
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(Files.readAllBytes(one.frameFiles().get(i)), Files.readAllBytes(two.frameFiles().get(i)));
        }
    }

    @Test
    void badSettingsAreRejected(@TempDir Path dir) {
        assertThrows(InvalidInputException.class, () -> new SampleMedia(0, 1, 320, 240));
        assertThrows(InvalidInputException.class, () -> new SampleMedia(8, 0, 320, 240));
        assertThrows(InvalidInputException.class, () -> SampleMedia.defaults().generate(dir, 0));
        assertThrows(InvalidInputException.class, () -> new SampleVideo(0, 8, 8));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    private static short[] readPcm16Mono44k(Path wav) throws IOException, UnsupportedAudioFileException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
            assertEquals(16, format.getSampleSizeInBits());
            assertEquals(1, format.getChannels());
            assertEquals(SampleAudio.SAMPLING_RATE, format.getSampleRate());
            assertFalse(format.isBigEndian());
            byte[] bytes = in.readAllBytes();
            short[] pcm = new short[bytes.length / 2];
            java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
            return pcm;
        }
    }
}

package ai.tvlt.processing.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damaged copies of an MP4 file, made with fixed seeds, for the damage tests of this module
 * ({@code VideoDamageTest}) and of the CLI ({@code PreprocessDamagedVideoTest}, through this module's test jar):
 * bytes flipped inside {@code mdat} at several densities, zeroed runs, and truncations. The light ones (at most 60
 * flipped bytes, or one zeroed run of at most 512 bytes) must still give a clip, as ffmpeg gives one.
 */
public final class DamagedCopies {

    /**
     * A damaged copy.
     *
     * @param name a name for files and messages, e.g. {@code flip60_seed2}
     * @param bytes the copy
     * @param mustDecode whether it must still give a clip
     */
    public record Damaged(String name, byte[] bytes, boolean mustDecode) {
    }

    private DamagedCopies() {
    }

    /** @return the ffmpeg-made fixture clip (H.264 High profile with CABAC and B-frames, one keyframe, and AAC) */
    public static Path fixtureClip() {
        try {
            return Path.of(DamagedCopies.class.getResource("fixtures/clip.mp4").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the bytes of {@link #fixtureClip()}, read as a resource stream: other modules see this class in the
     *     packaged test jar, where the fixture is no file
     */
    public static byte[] fixtureClipBytes() {
        try (InputStream in = DamagedCopies.class.getResourceAsStream("fixtures/clip.mp4")) {
            if (in == null) {
                throw new IllegalStateException("test resource fixtures/clip.mp4 is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the damaged copies of {@link #fixtureClip()} */
    public static List<Damaged> ofFixtureClip() {
        return of(fixtureClipBytes());
    }

    /**
     * @param file an MP4 file with an {@code mdat} box in its top-level chain
     * @return its damaged copies: flips of 6, 20 and 60 bytes and zeroed runs of 64 and 512 bytes (4 seeds each,
     *     must decode), flips of 600 and 6000 bytes, a zeroed run of 8192 bytes and truncations to 5, 30, 60 and 95 %
     */
    public static List<Damaged> of(byte[] file) {
        long[] range = mdatPayload(file);
        List<Damaged> all = new ArrayList<>();
        for (int count : new int[] {6, 20, 60}) {
            for (long seed = 1; seed <= 4; seed++) {
                all.add(new Damaged("flip" + count + "_seed" + seed, flipped(file, range, count, seed), true));
            }
        }
        for (int length : new int[] {64, 512}) {
            for (long seed = 1; seed <= 4; seed++) {
                all.add(new Damaged("zero" + length + "_seed" + seed, zeroed(file, range, length, seed), true));
            }
        }
        for (int count : new int[] {600, 6000}) {
            all.add(new Damaged("flip" + count, flipped(file, range, count, 7), false));
        }
        all.add(new Damaged("zero8192", zeroed(file, range, 8192, 7), false));
        for (double fraction : new double[] {0.05, 0.3, 0.6, 0.95}) {
            all.add(new Damaged("truncated" + Math.round(fraction * 100),
                    Arrays.copyOf(file, (int) (file.length * fraction)), false));
        }
        return all;
    }

    /** @return start and end of the {@code mdat} box's payload, from the top-level box chain */
    public static long[] mdatPayload(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        int offset = 0;
        while (offset + 8 <= file.length) {
            long size = Integer.toUnsignedLong(b.getInt(offset));
            String type = new String(file, offset + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("mdat")) {
                return new long[] {offset + 8, size == 0 ? file.length : offset + size};
            }
            offset += (int) size;
        }
        throw new IllegalStateException("no mdat box");
    }

    /** @return a copy with {@code count} bytes at random places of {@code range} changed */
    public static byte[] flipped(byte[] file, long[] range, int count, long seed) {
        byte[] copy = file.clone();
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int at = (int) (range[0] + random.nextInt((int) (range[1] - range[0])));
            copy[at] ^= (byte) (1 + random.nextInt(255));
        }
        return copy;
    }

    /** @return a copy with {@code length} bytes zeroed from a random place of {@code range} */
    public static byte[] zeroed(byte[] file, long[] range, int length, long seed) {
        byte[] copy = file.clone();
        int at = (int) (range[0] + new Random(seed).nextInt((int) (range[1] - range[0] - length)));
        Arrays.fill(copy, at, at + length, (byte) 0);
        return copy;
    }
}

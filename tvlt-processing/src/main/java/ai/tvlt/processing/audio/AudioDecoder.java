package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Decodes audio files into mono float waveforms for {@link TvltFeatureExtractor}.
 *
 * <p>Supported: WAV (RIFF/WAVE) with integer PCM of 8 (unsigned, offset 128), 16, 24 or 32 bits, IEEE float
 * of 32 or 64 bits, plain or {@code WAVE_FORMAT_EXTENSIBLE}, any number of channels. Integer samples are
 * divided by {@code 2^(bits - 1)}, so they lie in [-1, 1) (the soundfile/librosa convention the golden
 * WAV case follows); float samples are kept as stored; channels are averaged into one. The sampling rate
 * is reported, never changed: resample explicitly with {@link Resampler}.
 *
 * <p>Other containers (FLAC, Ogg, MP3, AIFF, MP4, RF64, big-endian RIFX, ...), compressed WAV encodings
 * (ADPCM, A-law, mu-law, ...) and malformed or hostile files (sizes beyond the file, zero channels, a block
 * align that does not match the sample format, NaN/infinite float samples) raise a
 * {@link CorruptFileException} that names the file and the problem. The parser reads through a bounded
 * reader: no read outside the file, no allocation larger than the samples the file really holds (a float
 * per sample frame). Stateless and thread-safe.
 */
public final class AudioDecoder {

    private AudioDecoder() {
    }

    /**
     * Reads an audio file.
     *
     * @param file a WAV file
     * @return the mono samples and the source's facts
     * @throws InvalidInputException when the file does not exist or is not a regular file
     * @throws CorruptFileException when it is unreadable, malformed or of an unsupported format
     */
    public static DecodedAudio read(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("audio file " + file + " does not exist or is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return decode(ByteSource.of(channel, channel.size(), file.toString()));
        } catch (IOException e) {
            throw new CorruptFileException("cannot read audio file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes an audio file held in memory.
     *
     * @param bytes the file's bytes (not modified)
     * @return the mono samples and the source's facts
     * @throws CorruptFileException when the bytes are malformed or of an unsupported format
     */
    public static DecodedAudio decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return decode(ByteSource.of(bytes, "in-memory audio"));
    }

    private static DecodedAudio decode(ByteSource src) {
        byte[] head = new byte[(int) Math.min(12, src.size())];
        src.readFully(0, head, 0, head.length);
        String container = container(head);
        if (!container.equals("WAV")) {
            throw new CorruptFileException(src.name() + ": unsupported audio format (" + container
                    + "); only WAV (RIFF/WAVE) files are supported");
        }
        return WavDecoder.decode(src);
    }

    /** Names the container from its magic bytes ("WAV" for RIFF/WAVE). */
    private static String container(byte[] head) {
        String ascii = new String(head, StandardCharsets.ISO_8859_1);
        if (head.length < 12) {
            return head.length == 0 ? "empty file" : "file of " + head.length + " bytes, too short for a WAV header";
        }
        String tag = ascii.substring(0, 4);
        String form = ascii.substring(8, 12);
        if (tag.equals("RIFF")) {
            return form.equals("WAVE") ? "WAV" : "RIFF container of type '" + WavDecoder.printable(form) + "'";
        }
        if (tag.equals("RIFX")) {
            return "big-endian RIFX";
        }
        if (tag.equals("RF64") || tag.equals("BW64")) {
            return "RF64 (64-bit WAV)";
        }
        if (tag.equals("fLaC")) {
            return "FLAC";
        }
        if (tag.equals("OggS")) {
            return "Ogg";
        }
        if (tag.equals("FORM")) {
            return "AIFF/IFF";
        }
        if (tag.equals("caff")) {
            return "Core Audio CAF";
        }
        if (ascii.startsWith("ID3") || ((head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0)) {
            return "MP3/MPEG audio";
        }
        if (ascii.substring(4, 8).equals("ftyp")) {
            return "MP4/M4A";
        }
        return "unrecognised header '" + WavDecoder.printable(tag) + "'";
    }
}

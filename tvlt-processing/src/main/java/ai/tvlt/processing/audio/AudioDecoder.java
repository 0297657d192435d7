package ai.tvlt.processing.audio;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes audio files into mono float waveforms for {@link TvltFeatureExtractor}. The format is recognised by
 * the file's content, never by its name.
 *
 * <ul>
 *   <li>WAV (RIFF/WAVE) with integer PCM of 8 (unsigned, offset 128), 16, 24 or 32 bits, IEEE float of 32 or 64
 *       bits, plain or {@code WAVE_FORMAT_EXTENSIBLE};</li>
 *   <li>FLAC (native, 4 to 32 bits; jFLAC);</li>
 *   <li>MP3 and the other MPEG-1/2/2.5 audio layers (JLayer), with ffmpeg's gapless trimming from the LAME
 *       tag;</li>
 *   <li>the sound track of an MP4, MOV or M4A file, AAC-LC (JAAD, bundled in JCodec), trimmed as its edit list
 *       says.</li>
 * </ul>
 *
 * <p>Integer samples are divided by {@code 2^(bits - 1)}, so they lie in [-1, 1) (the soundfile/librosa
 * convention the golden WAV case follows; lossy decoders give the same scale as ffmpeg's float output); float
 * samples are kept as stored; channels are averaged into one. The lossy streams start and end where ffmpeg's
 * decode does. The sampling rate is reported, never changed: resample explicitly with {@link Resampler}.
 *
 * <p>Other containers (Ogg, AIFF, CAF, RF64, big-endian RIFX, WebM, ...), other codecs inside MP4 (HE-AAC, ALAC,
 * AC-3, ...), compressed WAV encodings (ADPCM, A-law, mu-law, ...) and malformed or hostile files (sizes
 * beyond the file, zero channels, tables larger than their boxes, NaN/infinite float samples) raise a
 * {@link CorruptFileException} or {@link InvalidInputException} that names the file and the problem. Every
 * parser reads through a bounded reader: no read outside the file; the memory a file can claim is bounded by
 * its size for WAV, and by {@link #MAX_DECODED_SAMPLES} for the compressed formats. Damaged frames of a
 * compressed stream are decoded as silence of their length (a warning counts them), so the rest keeps its
 * place in time. Stateless and thread-safe.
 */
public final class AudioDecoder {

    /** The longest clip a compressed file may decode to: 2^26 samples, 25 minutes at 44.1 kHz. */
    public static final int MAX_DECODED_SAMPLES = MonoAccumulator.MAX_SAMPLES;

    private AudioDecoder() {
    }

    /**
     * Reads an audio file.
     *
     * @param file a WAV, FLAC or MP3 file, or an MP4/MOV/M4A file with an AAC-LC sound track
     * @return the mono samples and the source's facts
     * @throws InvalidInputException when the file does not exist or is not a regular file, or is a video file
     *     without a sound track
     * @throws CorruptFileException when it is unreadable, malformed or of an unsupported format
     */
    public static DecodedAudio read(Path file) {
        return readSoundtrack(file).orElseThrow(() -> new InvalidInputException(file + " has no audio track"));
    }

    /**
     * Reads the audio of a file that may be a video: an MP4/MOV file without a sound track gives an empty result
     * instead of an error.
     *
     * @param file an audio file, or an MP4/MOV/M4A file
     * @return the mono samples and the source's facts, or empty when the file is an MP4/MOV without sound track
     * @throws InvalidInputException when the file does not exist or is not a regular file
     * @throws CorruptFileException when it is unreadable, malformed or of an unsupported format
     */
    public static Optional<DecodedAudio> readSoundtrack(Path file) {
        InvalidInputException.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("audio file " + file + " does not exist or is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Optional.ofNullable(decodeOrNull(ByteSource.of(channel, channel.size(), file.toString())));
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
        InvalidInputException.requireNonNull(bytes, "bytes");
        return decode(ByteSource.of(bytes, "in-memory audio"));
    }

    private static DecodedAudio decode(ByteSource src) {
        DecodedAudio audio = decodeOrNull(src);
        if (audio == null) {
            throw new InvalidInputException(src.name() + " has no audio track");
        }
        return audio;
    }

    /** @return the audio, or null for an MP4/MOV file without sound track */
    private static DecodedAudio decodeOrNull(ByteSource src) {
        byte[] head = new byte[(int) Math.min(12, src.size())];
        src.readFully(0, head, 0, head.length);
        String container = container(head);
        switch (container) {
            case "WAV":
                return WavDecoder.decode(src);
            case "FLAC":
                return FlacDecoder.decode(src);
            case "MP3/MPEG audio":
                return Mp3Decoder.decode(src);
            case "MP4/MOV":
                Mp4AudioTrack track = Mp4AudioTrack.find(src);
                return track == null ? null : AacDecoder.decode(src, track);
            default:
                throw new CorruptFileException(src.name() + ": unsupported audio format (" + container
                        + "); supported: WAV, FLAC, MP3, and AAC-LC in MP4/MOV/M4A");
        }
    }

    /** Types of the first box of an MP4/MOV file: ISO files start with 'ftyp', QuickTime files may not. */
    private static final Set<String> MP4_FIRST_BOXES = Set.of("ftyp", "moov", "mdat", "wide", "free", "skip");

    /** Names the container from its magic bytes ("WAV" for RIFF/WAVE). */
    private static String container(byte[] head) {
        String ascii = new String(head, StandardCharsets.ISO_8859_1);
        if (head.length < 12) {
            return head.length == 0 ? "empty file" : "file of " + head.length + " bytes, too short for an audio file";
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
        if (ascii.startsWith("ID3") || ((head[0] & 0xFF) == 0xFF && MpegAudioHeader.parse(head, 0) != null)) {
            return "MP3/MPEG audio";
        }
        if (MP4_FIRST_BOXES.contains(ascii.substring(4, 8))) {
            return "MP4/MOV";
        }
        if (tag.equals("\u001AE\u00DF\u00A3")) {
            return "WebM/Matroska";
        }
        return "unrecognised header '" + WavDecoder.printable(tag) + "'";
    }
}

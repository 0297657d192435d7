package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.CorruptFileException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks shared by the readers of untrusted JSON (safetensors headers, shard indexes). Stateless. */
final class StrictJson {

    private StrictJson() {
    }

    /**
     * @param maxNestingDepth deepest nesting accepted
     * @param maxStringLength longest string or key accepted, in characters (bounded by the file size)
     * @return a JSON factory enforcing those limits
     */
    static JsonFactory factory(int maxNestingDepth, long maxStringLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxStringLength))
                        .maxNameLength((int) Math.min(Integer.MAX_VALUE, maxStringLength))
                        .build())
                .build();
    }

    /**
     * Rejects JSON text that is not strict UTF-8: malformed byte sequences, a byte-order mark, or a
     * raw NUL (never legal in JSON; rejecting it also keeps Jackson from guessing UTF-16 or UTF-32 from
     * the first bytes).
     *
     * @param bytes the text
     * @param where the file's name, for messages
     * @param what what the text is ("header", "index"), for messages
     * @throws CorruptFileException when the text is not strict UTF-8
     */
    static void checkText(byte[] bytes, String where, String what) {
        checkUtf8(bytes, where, what);
        checkNoNulOrBom(bytes, where, what);
    }

    /** Rejects bytes that are not UTF-8, decoding in small pieces so no copy of the header is made. */
    private static void checkUtf8(byte[] bytes, String where, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(4096);
        try {
            CoderResult r;
            do {
                out.clear();
                r = decoder.decode(in, out, true);
                if (r.isError()) {
                    r.throwException();
                }
            } while (r.isOverflow());
            out.clear();
            r = decoder.flush(out);
            if (r.isError()) {
                r.throwException();
            }
        } catch (CharacterCodingException e) {
            throw new CorruptFileException(where + ": " + what + " is not valid UTF-8 (bad byte sequence at " + what
                    + " byte " + in.position() + ")");
        }
    }

    /** The official reader (serde_json) does not skip a byte-order mark either. */
    private static void checkNoNulOrBom(byte[] bytes, String where, String what) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            throw new CorruptFileException(where + ": " + what + " starts with a UTF-8 byte-order mark");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new CorruptFileException(where + ": " + what + " is not valid JSON: NUL byte at "
                        + what + " byte " + i);
            }
        }
    }
}

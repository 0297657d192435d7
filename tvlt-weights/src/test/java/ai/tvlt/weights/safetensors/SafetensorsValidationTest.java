package ai.tvlt.weights.safetensors;

import static ai.tvlt.weights.safetensors.Crafted.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One crafted file per validation rule of {@link SafetensorsHeader}: each must fail with a
 * {@link CorruptFileException} whose message names the file, the tensor where there is one, and the
 * problem. Files the official reader accepts (checked against safetensors 0.8.0) must open.
 */
class SafetensorsValidationTest {

    private static final String F32_A = entry("a", "F32", "2", 0, 8);

    @TempDir
    Path dir;

    private CorruptFileException rejected(byte[] bytes, String... expectedInMessage) {
        Path file = Crafted.write(dir, "bad.safetensors", bytes);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> SafetensorsFile.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString() + ":") || e.getMessage().startsWith(file + ", tensor"),
                "message must name the file: " + e.getMessage());
        for (String part : expectedInMessage) {
            assertTrue(e.getMessage().contains(part), "message must contain '" + part + "': " + e.getMessage());
        }
        return e;
    }

    private SafetensorsFile accepted(byte[] bytes) {
        return SafetensorsFile.open(Crafted.write(dir, "ok.safetensors", bytes));
    }

    // --- header length ---

    @Test
    void fileShorterThanTheLengthPrefix() {
        rejected(new byte[] {1, 0, 0}, "shorter than the 8-byte header length");
    }

    @Test
    void headerLengthLargerThanTheFile() {
        rejected(Crafted.file(1000, "{}".getBytes(StandardCharsets.UTF_8), 0), "header length 1000",
                "larger than the file (10 bytes)");
    }

    @Test
    void headerLengthOverTheLimit() {
        rejected(Crafted.file(SafetensorsHeader.MAX_HEADER_BYTES + 1, "{}".getBytes(StandardCharsets.UTF_8), 0),
                "header length 100000001 exceeds the limit of 100000000 bytes");
    }

    @Test
    void headerLengthWithTheTopBitSet() {
        rejected(Crafted.file(-8, "{}".getBytes(StandardCharsets.UTF_8), 0),
                "header length 18446744073709551608 exceeds the limit");
    }

    // --- JSON ---

    @Test
    void malformedJson() {
        rejected(Crafted.file("{\"a\":{\"dtype\":", 0), "header is not valid JSON");
    }

    @Test
    void emptyHeader() {
        rejected(Crafted.file("", 0), "header is empty, not a JSON object");
    }

    @Test
    void headerIsAJsonArray() {
        rejected(Crafted.file("[]      ", 0), "header is an array, not a JSON object");
    }

    @Test
    void contentAfterTheJsonObject() {
        rejected(Crafted.file("{} {}", 0), "header has an object after its JSON object");
    }

    @Test
    void deeplyNestedJson() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        rejected(Crafted.file("{\"a\":{\"dtype\":\"F32\",\"x\":" + deep + "}}", 0), "header is not valid JSON",
                "nesting depth");
    }

    @Test
    void headerIsNotUtf8() {
        byte[] header = "{\"a\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
        rejected(Crafted.file(header.length, header, 0), "header is not valid UTF-8");
    }

    @Test
    void headerWithNulPadding() {
        rejected(Crafted.file("{}\0\0\0\0\0\0", 0), "NUL byte at header byte 2");
    }

    @Test
    void headerWithByteOrderMark() {
        rejected(Crafted.file("\uFEFF{}", 0), "byte-order mark");
    }

    @Test
    void duplicateTensorNames() {
        rejected(Crafted.file("{" + F32_A + "," + F32_A + "}", 8), "tensor 'a'", "appears twice");
    }

    @Test
    void duplicateFieldInATensorEntry() {
        rejected(Crafted.file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                "tensor 'a'", "field 'dtype' appears twice");
    }

    @Test
    void duplicateMetadataKey() {
        rejected(Crafted.file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0), "__metadata__ key 'k' appears twice");
    }

    @Test
    void metadataValueNotAString() {
        rejected(Crafted.file("{\"__metadata__\":{\"format\":1}}", 0),
                "__metadata__ value of key 'format' is a number, not a string");
    }

    @Test
    void metadataNotAnObject() {
        rejected(Crafted.file("{\"__metadata__\":[\"pt\"]}", 0), "__metadata__ is an array, not a JSON object");
    }

    // --- tensor entries ---

    @Test
    void unknownDtype() {
        rejected(Crafted.file("{" + entry("w", "F128", "2", 0, 8) + "}", 8), "tensor 'w'", "unknown dtype 'F128'");
    }

    @Test
    void formatDtypeThisLibraryDoesNotRead() {
        rejected(Crafted.file("{" + entry("w", "U16", "4", 0, 8) + "}", 8), "tensor 'w'",
                "dtype 'U16' is a safetensors dtype that this library does not read");
    }

    @Test
    void tensorEntryNotAnObject() {
        rejected(Crafted.file("{\"w\":[1,2]}", 0), "tensor 'w'", "entry is an array, not a JSON object");
    }

    @Test
    void tensorEntryWithoutShape() {
        rejected(Crafted.file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8), "tensor 'w'", "lacks 'shape'");
    }

    @Test
    void negativeDimension() {
        rejected(Crafted.file("{" + entry("w", "F32", "-2", 0, 8) + "}", 8), "tensor 'w'",
                "'shape' entry 0 is not an integer in [0, 2^63): -2");
    }

    @Test
    void fractionalDimension() {
        rejected(Crafted.file("{" + entry("w", "F32", "2.0", 0, 8) + "}", 8), "tensor 'w'", "'shape' entry 0");
    }

    @Test
    void dimensionBeyondLong() {
        rejected(Crafted.file("{" + entry("w", "F32", "99999999999999999999", 0, 8) + "}", 8), "tensor 'w'",
                "'shape' entry 0");
    }

    @Test
    void rankOverTheLimit() {
        rejected(Crafted.file("{" + entry("w", "U8", "1,".repeat(65) + "1", 0, 1) + "}", 1), "tensor 'w'",
                "'shape' has more than 64 entries");
    }

    @Test
    void dataOffsetsWithThreeNumbers() {
        rejected(Crafted.file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8), "tensor 'w'",
                "'data_offsets' has more than 2 entries");
    }

    @Test
    void shapeAndDtypeDisagreeWithTheByteSpan() {
        rejected(Crafted.file("{" + entry("w", "F32", "3", 0, 8) + "}", 8), "tensor 'w'",
                "shape [3] of F32 needs 12 bytes but data_offsets [0, 8] span 8");
    }

    @Test
    void shapeWhoseSizeOverflows() {
        long big = 1L << 40;
        rejected(Crafted.file("{" + entry("w", "F32", big + "," + big, 0, 8) + "}", 8), "tensor 'w'",
                "more elements than a long holds");
    }

    @Test
    void offsetsBeyondTheDataArea() {
        rejected(Crafted.file("{" + entry("w", "F32", "2", 0, 8) + "}", 4), "tensor 'w'",
                "data_offsets [0, 8] lie outside the data area of 4 bytes");
    }

    @Test
    void offsetsNearLongMax() {
        long end = Long.MAX_VALUE;
        rejected(Crafted.file("{" + entry("w", "U8", String.valueOf(end - 8), 8, end) + "}", 8), "tensor 'w'",
                "lie outside the data area of 8 bytes");
    }

    @Test
    void offsetsThatEndBeforeTheyBegin() {
        rejected(Crafted.file("{" + entry("w", "U8", "0", 8, 0) + "}", 8), "tensor 'w'", "end before they begin");
    }

    @Test
    void overlappingTensors() {
        rejected(Crafted.file("{" + entry("a", "F32", "2", 0, 8) + "," + entry("b", "F32", "1", 4, 8) + "}", 8),
                "tensor 'b'", "data_offsets [4, 8] overlap tensor 'a', which ends at 8");
    }

    @Test
    void gapBetweenTensors() {
        rejected(Crafted.file("{" + entry("a", "F32", "1", 0, 4) + "," + entry("b", "F32", "1", 8, 12) + "}", 12),
                "tensor 'b'", "gap of 4 unused bytes before data_offsets [8, 12]");
    }

    @Test
    void gapAtTheStartOfTheDataArea() {
        rejected(Crafted.file("{" + entry("a", "F32", "1", 4, 8) + "}", 8), "tensor 'a'", "gap of 4 unused bytes");
    }

    @Test
    void bytesAfterTheLastTensor() {
        rejected(Crafted.file("{" + F32_A + "}", 9), "tensors cover 8 bytes but the data area holds 9");
    }

    @Test
    void dataWithoutTensors() {
        rejected(Crafted.file("{}", 4), "tensors cover 0 bytes but the data area holds 4");
    }

    @Test
    void hugeTensorNameIsShortenedInTheMessage() {
        String name = "n".repeat(100_000);
        CorruptFileException e = rejected(Crafted.file("{" + entry(name, "F32", "3", 0, 8) + "}", 8), "needs 12 bytes");
        assertTrue(e.getMessage().length() < 1000, "message length " + e.getMessage().length());
    }

    // --- accepted as the official reader accepts them ---

    @Test
    void noTensorsAndNoData() {
        try (SafetensorsFile f = accepted(Crafted.file("{}      ", 0))) {
            assertTrue(f.names().isEmpty());
            assertTrue(f.metadata().isEmpty());
        }
    }

    @Test
    void metadataOnly() {
        try (SafetensorsFile f = accepted(Crafted.file("{\"__metadata__\":{\"format\":\"pt\"}}", 0))) {
            assertTrue(f.names().isEmpty());
            assertEquals(Map.of("format", "pt"), f.metadata());
        }
    }

    @Test
    void nullMetadataLeadingAndTrailingWhitespaceAndUnknownFields() {
        String header = " \n{\"__metadata__\":null,\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],"
                + "\"extra\":{\"x\":[1]}}}   ";
        try (SafetensorsFile f = accepted(Crafted.file(header, 8))) {
            assertEquals(Map.of(), f.metadata());
            assertArrayEquals(new long[] {2}, f.info("a").shape());
        }
    }

    @Test
    void keysInAnyOrderWithZeroSizeAndScalarTensors() {
        String header = "{" + entry("z", "F32", "", 4, 8) + "," + entry("empty", "F16", "0,3", 4, 4) + ","
                + entry("a", "I32", "", 0, 4) + "," + entry("empty2", "U8", "0", 8, 8) + "}";
        try (SafetensorsFile f = accepted(Crafted.file(header, 8))) {
            assertEquals(4, f.names().size());
            assertEquals(0, f.rawData("empty").remaining());
            assertEquals(0, f.readFloats("empty2").length);
            assertArrayEquals(new long[] {0x03020100L}, f.readLongs("a"));
            assertArrayEquals(new long[] {}, f.info("z").shape());
        }
    }
}

package ai.tvlt.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.HalfFloatReference;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SafetensorsWriter} to {@link SafetensorsFile} round trips, and the writer's official layout. */
class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    private SafetensorsFile writeAndOpen(SafetensorsWriter writer) {
        Path file = dir.resolve("t.safetensors");
        writer.write(file);
        return SafetensorsFile.open(file);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTripsBitwise(DType dtype) {
        byte[] bytes = new byte[3 * 5 * dtype.byteSize()];
        new SplittableRandom(dtype.ordinal()).nextBytes(bytes);
        if (dtype == DType.BOOL) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] &= 1;
            }
        }
        try (SafetensorsFile f = writeAndOpen(new SafetensorsWriter().put("t", dtype, new long[] {3, 5}, ByteBuffer.wrap(bytes)))) {
            assertEquals(dtype, f.info("t").dtype());
            assertArrayEquals(new long[] {3, 5}, f.info("t").shape());
            ByteBuffer raw = f.rawData("t");
            assertTrue(raw.isReadOnly());
            byte[] read = new byte[raw.remaining()];
            raw.get(read);
            assertArrayEquals(bytes, read);
            assertEquals(15, f.readFloats("t").length);
            assertEquals(15, f.readDoubles("t").length);
        }
    }

    @Test
    void everyF16AndBf16PatternWidensExactlyThroughAFile() {
        short[] patterns = new short[65536];
        for (int i = 0; i < patterns.length; i++) {
            patterns[i] = (short) i;
        }
        SafetensorsWriter w = new SafetensorsWriter()
                .putShorts("half", DType.F16, new long[] {256, 256}, patterns)
                .putShorts("bf16", DType.BF16, new long[] {65536}, patterns);
        try (SafetensorsFile f = writeAndOpen(w)) {
            float[] half = f.readFloats("half");
            float[] bf16 = f.readFloats("bf16");
            double[] halfAsDoubles = f.readDoubles("half");
            for (int i = 0; i < 65536; i++) {
                assertSameValue(HalfFloatReference.half(i), half[i], "F16 0x" + Integer.toHexString(i));
                assertSameValue(HalfFloatReference.half(i), halfAsDoubles[i], "F16 0x" + Integer.toHexString(i));
                assertSameValue(HalfFloatReference.bfloat16(i), bf16[i], "BF16 0x" + Integer.toHexString(i));
            }
        }
    }

    private static void assertSameValue(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what);
        } else {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what);
        }
    }

    @Test
    void floatsRoundTripBitwiseIncludingSpecialValues() {
        float[] values = {0f, -0f, 1.5f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7FC00001), Float.intBitsToFloat(0xFF800123)};
        double[] doubles = {Double.MIN_VALUE, -0.0, Math.PI, Double.NaN, Double.NEGATIVE_INFINITY, 1e300};
        try (SafetensorsFile f = writeAndOpen(new SafetensorsWriter().putFloats("f", new long[] {10}, values)
                .putDoubles("d", new long[] {2, 3}, doubles))) {
            float[] read = f.readFloats("f");
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(read[i]), "element " + i);
            }
            double[] readD = f.readDoubles("d");
            for (int i = 0; i < doubles.length; i++) {
                assertEquals(Double.doubleToRawLongBits(doubles[i]), Double.doubleToRawLongBits(readD[i]), "element " + i);
            }
            float[] dAsFloats = f.readFloats("d");
            for (int i = 0; i < doubles.length; i++) {
                assertEquals((float) doubles[i], dAsFloats[i], "F64 element " + i + " rounds to nearest float");
            }
        }
    }

    @Test
    void integersDecodeWithTheirSignedness() {
        long[] i64 = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
        int[] i32 = {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE};
        short[] i16 = {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE};
        byte[] bytes = {-128, -1, 0, 127};
        SafetensorsWriter w = new SafetensorsWriter().putLongs("i64", new long[] {4}, i64)
                .putInts("i32", new long[] {2, 2}, i32)
                .putShorts("i16", DType.I16, new long[] {4}, i16)
                .putBytes("i8", DType.I8, new long[] {4}, bytes)
                .putBytes("u8", DType.U8, new long[] {4}, bytes)
                .putBytes("bool", DType.BOOL, new long[] {4}, new byte[] {0, 1, 1, 0});
        try (SafetensorsFile f = writeAndOpen(w)) {
            assertArrayEquals(i64, f.readLongs("i64"));
            assertArrayEquals(new long[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, f.readLongs("i32"));
            assertArrayEquals(new long[] {Short.MIN_VALUE, -1, 0, Short.MAX_VALUE}, f.readLongs("i16"));
            assertArrayEquals(new long[] {-128, -1, 0, 127}, f.readLongs("i8"));
            assertArrayEquals(new long[] {128, 255, 0, 127}, f.readLongs("u8"));
            assertArrayEquals(new long[] {0, 1, 1, 0}, f.readLongs("bool"));
            assertArrayEquals(new float[] {128, 255, 0, 127}, f.readFloats("u8"));
            assertArrayEquals(new float[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, f.readFloats("i32"));
            assertArrayEquals(bytes, f.readBytes("u8"));
            assertThrows(InvalidInputException.class, () -> f.readBytes("i16"));
        }
    }

    @Test
    void floatTensorsAreNotReadAsLongs() {
        try (SafetensorsFile f = writeAndOpen(new SafetensorsWriter().putFloats("w", new long[] {1}, new float[] {1}))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> f.readLongs("w"));
            assertTrue(e.getMessage().contains("'w' has dtype F32"), e.getMessage());
        }
    }

    @Test
    void putFloatsAsRoundsToTheTargetDtype() {
        float[] values = {1f / 3, 65519f, 1e-8f, -2.5f};
        SafetensorsWriter w = new SafetensorsWriter();
        for (DType d : new DType[] {DType.F64, DType.F32, DType.F16, DType.BF16}) {
            w.putFloatsAs(d.name(), d, new long[] {4}, values);
        }
        try (SafetensorsFile f = writeAndOpen(w)) {
            assertArrayEquals(values, f.readFloats("F32"));
            assertArrayEquals(values, f.readFloats("F64"));
            float[] half = f.readFloats("F16");
            float[] bf16 = f.readFloats("BF16");
            for (int i = 0; i < values.length; i++) {
                assertEquals(ai.tvlt.weights.HalfFloats.halfToFloat(ai.tvlt.weights.HalfFloats.floatToHalf(values[i])),
                        half[i]);
                assertEquals(ai.tvlt.weights.HalfFloats.bfloat16ToFloat(
                        ai.tvlt.weights.HalfFloats.floatToBfloat16(values[i])), bf16[i]);
            }
        }
    }

    @Test
    void metadataAndNamesRoundTripWithJsonSpecialCharacters() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("quote\"back\\slash", "line\nbreak\ttab\u0001ctl");
        meta.put("unicode é ✓ 𝄞", "{\"nested\": [1, 2]}");
        meta.put("", "");
        SafetensorsWriter w = new SafetensorsWriter();
        meta.forEach(w::metadata);
        String[] names = {"", "a/b.c", "名前", "\"q\"", "𝄞 clef", "\u007f"};
        for (int i = 0; i < names.length; i++) {
            w.putFloats(names[i], new long[] {1}, new float[] {i});
        }
        try (SafetensorsFile f = writeAndOpen(w)) {
            assertEquals(meta, f.metadata());
            assertEquals(names.length, f.names().size());
            for (int i = 0; i < names.length; i++) {
                assertArrayEquals(new float[] {i}, f.readFloats(names[i]), names[i]);
            }
        }
    }

    @Test
    void scalarsAndEmptyTensorsRoundTrip() {
        SafetensorsWriter w = new SafetensorsWriter().putFloats("scalar", new long[] {}, new float[] {7})
                .putFloats("empty", new long[] {2, 0, 3}, new float[0])
                .putLongs("emptyLong", new long[] {0}, new long[0]);
        try (SafetensorsFile f = writeAndOpen(w)) {
            assertArrayEquals(new float[] {7}, f.readFloats("scalar"));
            assertArrayEquals(new long[] {}, f.info("scalar").shape());
            assertArrayEquals(new long[] {2, 0, 3}, f.info("empty").shape());
            assertEquals(0, f.readFloats("empty").length);
            assertEquals(0, f.readLongs("emptyLong").length);
        }
    }

    @Test
    void emptyFileIsTheOfficialEmptyFile() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        new SafetensorsWriter().write(file);
        byte[] expected = {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '};
        assertArrayEquals(expected, Files.readAllBytes(file));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertTrue(f.names().isEmpty());
        }
    }

    /** The golden checkpoints were written by the official writer: rewriting their tensors must give the same bytes. */
    static Stream<Path> goldenCheckpoints() throws IOException {
        try (Stream<Path> s = Files.walk(GoldenFiles.root().resolve("models"))) {
            List<Path> files = s.filter(p -> p.getFileName().toString().equals("model.safetensors")).sorted().toList();
            assertTrue(files.size() >= 5, "golden checkpoints: " + files);
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("goldenCheckpoints")
    void writerReproducesOfficialFilesByteForByte(Path golden) throws IOException {
        Path copy = dir.resolve("copy.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(golden)) {
            SafetensorsWriter w = new SafetensorsWriter();
            f.metadata().forEach(w::metadata);
            for (String name : f.names()) {
                TensorInfo info = f.info(name);
                w.put(name, info.dtype(), info.shape(), f.rawData(name));
            }
            w.write(copy);
        }
        assertEquals(-1L, Files.mismatch(golden, copy), "first differing byte");
    }

    @Test
    void writerAlignsEveryTensorToItsElementSize() {
        SafetensorsWriter w = new SafetensorsWriter()
                .putBytes("a_odd_u8", DType.U8, new long[] {3}, new byte[] {1, 2, 3})
                .putBytes("b_bool", DType.BOOL, new long[] {1}, new byte[] {1})
                .putShorts("c_f16", DType.F16, new long[] {1}, new short[] {0x3C00})
                .putInts("d_i32", new long[] {1}, new int[] {5})
                .putDoubles("e_f64", new long[] {1}, new double[] {2})
                .putShorts("f_bf16", DType.BF16, new long[] {1}, new short[] {0x3F80})
                .putLongs("g_i64", new long[] {1}, new long[] {9})
                .putShorts("h_i16", DType.I16, new long[] {1}, new short[] {-3});
        try (SafetensorsFile f = writeAndOpen(w)) {
            assertEquals(0, f.dataStart() % 8, "header padded to 8 bytes");
            List<TensorInfo> byOffset = new ArrayList<>();
            for (String n : f.names()) {
                TensorInfo info = f.info(n);
                assertEquals(0, (f.dataStart() + info.begin()) % info.dtype().byteSize(), n + " is aligned");
                byOffset.add(info);
            }
            byOffset.sort((x, y) -> Long.compare(x.begin(), y.begin()));
            List<String> order = byOffset.stream().map(TensorInfo::name).toList();
            // Official order: I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL, then by name.
            assertEquals(List.of("g_i64", "e_f64", "d_i32", "f_bf16", "c_f16", "h_i16", "a_odd_u8", "b_bool"), order);
            assertArrayEquals(new long[] {9}, f.readLongs("g_i64"));
            assertArrayEquals(new float[] {1}, f.readFloats("c_f16"));
        }
    }

    @Test
    void writerRejectsInconsistentTensors() {
        SafetensorsWriter w = new SafetensorsWriter().putFloats("w", new long[] {2}, new float[] {1, 2});
        assertThrows(InvalidInputException.class, () -> w.putFloats("w", new long[] {2}, new float[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> w.putFloats("x", new long[] {3}, new float[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> w.putFloats("__metadata__", new long[] {1}, new float[] {1}));
        assertThrows(InvalidInputException.class, () -> w.putFloats("y", new long[] {-1, -2}, new float[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> w.putShorts("z", DType.F32, new long[] {1}, new short[] {1}));
        assertThrows(InvalidInputException.class, () -> w.metadata("k", null));
        assertEquals(1, w.size());
    }

    @Test
    void aClosedFileRefusesReadsAndUnknownNamesAreNamed() {
        SafetensorsFile f = writeAndOpen(new SafetensorsWriter().putFloats("w", new long[] {1}, new float[] {1}));
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> f.info("nope"));
        assertTrue(missing.getMessage().contains("no tensor named 'nope'"), missing.getMessage());
        f.close();
        assertThrows(ClosedException.class, f::names);
        assertThrows(ClosedException.class, () -> f.rawData("w"));
        assertThrows(ClosedException.class, f::metadata);
    }

    @Test
    void rawDataBuffersAreIndependentViews() {
        try (SafetensorsFile f = writeAndOpen(new SafetensorsWriter().putFloats("a", new long[] {2}, new float[] {1, 2})
                .putFloats("b", new long[] {1}, new float[] {3}))) {
            ByteBuffer a = f.rawData("a");
            a.position(4);
            ByteBuffer again = f.rawData("a");
            assertEquals(0, again.position());
            assertEquals(ByteOrder.LITTLE_ENDIAN, again.order());
            assertEquals(8, again.remaining());
            assertEquals(3f, f.rawData("b").getFloat(0));
        }
    }
}

package ai.tvlt.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built checkpoints with the layouts a real state_dict can contain: storage offsets, transposed
 * (non-contiguous) views, storages shared by several tensors, scalars, empty tensors, other dtypes,
 * OrderedDict state_dicts with {@code _metadata} and {@code _rebuild_parameter}.
 */
class TorchCheckpointLayoutTest {

    @TempDir
    Path tmp;

    /** Storage "0": 24 floats 0..23 viewed several ways. */
    private Path stridedCheckpoint() throws IOException {
        byte[] pickle = PickleBytes.protocol2().emptyDict().mark()
                .str("matrix").tensor("FloatStorage", "0", 24, 0, new long[] {3, 4}, new long[] {4, 1})
                .str("transposed").tensor("FloatStorage", "0", 24, 0, new long[] {4, 3}, new long[] {1, 4})
                .str("tail").tensor("FloatStorage", "0", 24, 12, new long[] {2, 6}, new long[] {6, 1})
                .str("every_other").tensor("FloatStorage", "0", 24, 1, new long[] {2, 3}, new long[] {12, 2})
                .str("scalar").tensor("FloatStorage", "0", 24, 5, new long[] {}, new long[] {})
                .str("empty").tensor("FloatStorage", "0", 24, 0, new long[] {0, 3}, new long[] {3, 1})
                .str("broadcast").tensor("FloatStorage", "0", 24, 2, new long[] {3, 2}, new long[] {0, 1})
                .str("ids").tensor("LongStorage", "1", 3, 0, new long[] {3}, new long[] {1})
                .str("half").tensor("HalfStorage", "2", 2, 0, new long[] {2}, new long[] {1})
                .setItems().stop().bytes();
        ByteBuffer floats = ByteBuffer.allocate(24 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 24; i++) {
            floats.putFloat(i);
        }
        ByteBuffer longs = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(-1).putLong(1L << 40);
        byte[] half = {0x00, 0x3c, 0x00, (byte) 0xc0}; // 1.0, -2.0
        return new CheckpointZip("archive").pickle(pickle).storage("0", floats.array()).storage("1", longs.array())
                .storage("2", half).entry("version", "3\n".getBytes()).write(tmp.resolve("strided.bin"));
    }

    /** The element at a strided position, straight from the definition of a strided view. */
    private static float[] expected(long offset, long[] shape, long[] stride) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            long rest = k;
            long pos = offset;
            for (int d = shape.length - 1; d >= 0; d--) {
                pos += (rest % shape[d]) * stride[d];
                rest /= shape[d];
            }
            out[k] = pos; // storage element i holds the value i
        }
        return out;
    }

    @Test
    void stridedViewsAreMaterialisedRowMajor() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(stridedCheckpoint())) {
            assertEquals(Set.of("matrix", "transposed", "tail", "every_other", "scalar", "empty", "broadcast",
                    "ids", "half"), ckpt.names());
            assertArrayEquals(expected(0, new long[] {3, 4}, new long[] {4, 1}), ckpt.readFloats("matrix"));
            assertArrayEquals(expected(0, new long[] {4, 3}, new long[] {1, 4}), ckpt.readFloats("transposed"));
            assertArrayEquals(expected(12, new long[] {2, 6}, new long[] {6, 1}), ckpt.readFloats("tail"));
            assertArrayEquals(expected(1, new long[] {2, 3}, new long[] {12, 2}), ckpt.readFloats("every_other"));
            assertArrayEquals(expected(2, new long[] {3, 2}, new long[] {0, 1}), ckpt.readFloats("broadcast"));
            assertArrayEquals(new float[] {5f}, ckpt.readFloats("scalar"));
            assertArrayEquals(new long[] {}, ckpt.info("scalar").shape());
            assertEquals(0, ckpt.readFloats("empty").length);
            assertArrayEquals(new long[] {0, 3}, ckpt.info("empty").shape());

            assertTrue(ckpt.isContiguous("matrix"));
            assertTrue(ckpt.isContiguous("tail"));
            assertFalse(ckpt.isContiguous("transposed"));
            assertFalse(ckpt.isContiguous("every_other"));
            assertEquals(DType.F32, ckpt.info("transposed").dtype());
            assertEquals(12 * 4, ckpt.rawData("transposed").remaining());
            assertTrue(ckpt.rawData("transposed").isReadOnly());

            assertEquals(DType.I64, ckpt.info("ids").dtype());
            assertArrayEquals(new long[] {7, -1, 1L << 40}, ckpt.readLongs("ids"));
            assertEquals(DType.F16, ckpt.info("half").dtype());
            assertArrayEquals(new float[] {1f, -2f}, ckpt.readFloats("half"));
        }
    }

    @Test
    void conversionMakesStridedTensorsContiguous() throws IOException {
        Path out = tmp.resolve("strided.safetensors");
        TorchToSafetensors.convert(stridedCheckpoint(), out);
        try (SafetensorsFile st = SafetensorsFile.open(out);
             TorchCheckpoint ckpt = TorchCheckpoint.open(tmp.resolve("strided.bin"))) {
            TorchCheckpointGoldenTest.assertIdentical(ckpt, st);
            assertArrayEquals(expected(0, new long[] {4, 3}, new long[] {1, 4}), st.readFloats("transposed"));
        }
    }

    @Test
    void orderedDictStateDictWithMetadataAndParameters() throws IOException {
        // OrderedDict() REDUCE, items, then BUILD {'_metadata': OrderedDict({'': {'version': 1}})},
        // as torch.save(module.state_dict()) writes it; one value wrapped by _rebuild_parameter.
        PickleBytes p = PickleBytes.protocol2().global("collections", "OrderedDict").emptyTuple().reduce()
                .op('q').op(0)
                .mark()
                .str("weight").tensor("FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {2, 1})
                .str("bias").global("torch._utils", "_rebuild_parameter").mark()
                .tensor("FloatStorage", "0", 4, 2, new long[] {2}, new long[] {1})
                .op(0x88).global("collections", "OrderedDict").emptyTuple().reduce().op('t').reduce()
                .setItems()
                .emptyDict().str("_metadata").global("collections", "OrderedDict").emptyTuple().reduce()
                .mark().str("").emptyDict().str("version").integer(1).op('s').setItems()
                .op('s')
                .op('b')
                .stop();
        ByteBuffer floats = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        floats.putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        Path file = new CheckpointZip("pytorch_model").pickle(p.bytes()).storage("0", floats.array())
                .write(tmp.resolve("ordered.bin"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            assertEquals(Set.of("weight", "bias"), ckpt.names());
            assertArrayEquals(new float[] {1, 2, 3, 4}, ckpt.readFloats("weight"));
            assertArrayEquals(new float[] {3, 4}, ckpt.readFloats("bias"));
        }
    }

    @Test
    void deflatedPickleIsInflatedWithinItsDeclaredSize() throws IOException {
        byte[] pickle = PickleBytes.protocol2().emptyDict().mark()
                .str("w").tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1})
                .setItems().stop().bytes();
        Path file = new CheckpointZip("archive").pickle(pickle).deflate("data.pkl")
                .storage("0", new byte[] {0, 0, (byte) 0x80, 0x3f}).write(tmp.resolve("deflated.bin"));
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            assertArrayEquals(new float[] {1f}, ckpt.readFloats("w"));
        }
    }

    @Test
    void unknownNamesAndClosedUseFailClearly() throws IOException {
        TorchCheckpoint ckpt = TorchCheckpoint.open(stridedCheckpoint());
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> ckpt.info("nope"));
        assertTrue(missing.getMessage().contains("nope"));
        ckpt.close();
        assertThrows(ClosedException.class, () -> ckpt.rawData("matrix"));
    }
}

package ai.tvlt.weights.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.Nd4jTensors;
import ai.tvlt.weights.testing.GoldenFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Nd4jTensors} gives the same values as {@code readFloats}/{@code readLongs}, C-ordered with the tensor's shape. */
class Nd4jTensorsTest {

    @TempDir
    Path dir;

    @Test
    void floatArraysOfF32F16AndBf16CheckpointsMatchReadFloats() {
        for (String model : new String[] {"tiny-classification", "tiny-classification-f16", "tiny-classification-bf16"}) {
            try (SafetensorsFile f = SafetensorsFile.open(GoldenFiles.resolve("models/" + model + "/model.safetensors"))) {
                for (String name : f.names()) {
                    try (INDArray a = Nd4jTensors.readFloatArray(f, name)) {
                        assertEquals(DataType.FLOAT, a.dataType());
                        assertEquals('c', a.ordering());
                        assertArrayEquals(f.info(name).shape(), a.shape(), model + " " + name);
                        assertArrayEquals(f.readFloats(name), a.data().asFloat(), model + " " + name);
                    }
                }
            }
        }
    }

    @Test
    void longArraysScalarsAndEmptyTensors() {
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter().putLongs("ids", new long[] {2, 3}, new long[] {5, -1, Long.MAX_VALUE, 0, 7, 8})
                .putBytes("mask", DType.BOOL, new long[] {3}, new byte[] {1, 0, 1})
                .putFloats("scalar", new long[] {}, new float[] {2.5f})
                .putFloats("empty", new long[] {0, 4}, new float[0])
                .write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file);
                INDArray ids = Nd4jTensors.readLongArray(f, "ids");
                INDArray mask = Nd4jTensors.readLongArray(f, "mask");
                INDArray scalar = Nd4jTensors.readFloatArray(f, "scalar");
                INDArray empty = Nd4jTensors.readFloatArray(f, "empty")) {
            assertEquals(DataType.INT64, ids.dataType());
            assertArrayEquals(new long[] {2, 3}, ids.shape());
            assertArrayEquals(new long[] {5, -1, Long.MAX_VALUE, 0, 7, 8}, ids.data().asLong());
            assertEquals(Long.MAX_VALUE, ids.getLong(0, 2));
            assertArrayEquals(new long[] {1, 0, 1}, mask.data().asLong());
            assertEquals(0, scalar.rank());
            assertEquals(2.5f, scalar.getFloat(0));
            assertArrayEquals(new long[] {0, 4}, empty.shape());
            assertThrows(InvalidInputException.class, () -> Nd4jTensors.readLongArray(f, "scalar"));
        }
    }
}

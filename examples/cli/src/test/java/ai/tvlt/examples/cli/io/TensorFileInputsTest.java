package ai.tvlt.examples.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.SafetensorsWriter;
import ai.tvlt.weights.testing.GoldenCase;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading command inputs from tensor files, with and without the {@code input.} prefix. */
class TensorFileInputsTest {

    private static final String CASE = "models/tiny-pretraining/cases/tvltmodel_mask_pixel_audio.safetensors";

    @Test
    void readsAGoldenCaseFileWholeIgnoringExpectedAndAux() {
        try (TensorFileInputs in = TensorFileInputs.open(GoldenFiles.resolve(CASE), TensorFileInputs.FORWARD_ARGUMENTS);
             GoldenCase golden = GoldenCase.open(CASE)) {
            Set<String> expectedNames = new java.util.TreeSet<>();
            for (String key : golden.keys("input.")) {
                String bare = key.substring("input.".length());
                if (TensorFileInputs.FORWARD_ARGUMENTS.contains(bare)) {
                    expectedNames.add(bare);
                }
            }
            assertEquals(expectedNames, new java.util.TreeSet<>(in.names()));
            assertTrue(in.names().contains("pixel_mask_noise"), "noise is a forward argument");
            assertFalse(in.contains("audio_mask_noise_frames"), "not a forward argument");
            for (String name : in.names()) {
                FloatTensor t = name.endsWith("mask") ? in.mask(name) : in.floats(name);
                assertArrayEquals(golden.shape("input." + name), t.shape(), name);
                assertArrayEquals(golden.floats("input." + name), t.data(), name);
            }
        }
    }

    @Test
    void readsBareNamesAndConvertsMasksOfAnyDtype(@TempDir Path dir) {
        Path file = dir.resolve("bare.safetensors");
        float[] pixels = {0.5f, -1f, 0.25f, 2f};
        new SafetensorsWriter()
                .putFloats("pixel_values", new long[] {1, 1, 1, 2, 2}, pixels)
                .putBytes("pixel_mask", DType.BOOL, new long[] {1, 3}, new byte[] {1, 0, 1})
                .putInts("audio_mask", new long[] {1, 2}, new int[] {1, 0})
                .putLongs("labels", new long[] {2}, new long[] {1, 0})
                .putBytes("expected.last_hidden_state", DType.U8, new long[] {1}, new byte[] {7})
                .putFloats("aux.anything", new long[] {1}, new float[] {3f})
                .putFloats("unrelated", new long[] {1}, new float[] {4f})
                .write(file);
        try (TensorFileInputs in = TensorFileInputs.open(file, TensorFileInputs.FORWARD_ARGUMENTS)) {
            assertEquals(List.of("audio_mask", "labels", "pixel_mask", "pixel_values"), List.copyOf(in.names()));
            assertEquals(FloatTensor.wrap(pixels.clone(), 1, 1, 1, 2, 2), in.floats("pixel_values"));
            assertEquals(FloatTensor.wrap(new float[] {1, 0, 1}, 1, 3), in.mask("pixel_mask"));
            assertEquals(FloatTensor.wrap(new float[] {1, 0}, 1, 2), in.mask("audio_mask"));
            assertEquals(new LongTensor(new long[] {1, 0}, 2), in.longs("labels"));
            assertEquals(DType.I64, in.info("labels").dtype());
        }
    }

    @Test
    void readsHalfPrecisionAndDoubleFloats(@TempDir Path dir) {
        Path file = dir.resolve("f16.safetensors");
        ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3C00).putShort((short) 0xC000).flip(); // 1.0, -2.0
        new SafetensorsWriter()
                .put("input.audio_values", DType.F16, new long[] {2}, half)
                .putDoubles("input.waveform.0", new long[] {3}, new double[] {0.1, -0.2, 1e-9})
                .write(file);
        try (TensorFileInputs in = TensorFileInputs.open(file, n -> true)) {
            assertArrayEquals(new float[] {1f, -2f}, in.floats("audio_values").data());
            assertArrayEquals(new double[] {0.1, -0.2, 1e-9}, in.doubles("waveform.0"));
        }
    }

    @Test
    void preprocessNamesComeInNumericOrder(@TempDir Path dir) {
        Path file = dir.resolve("raw.safetensors");
        SafetensorsWriter w = new SafetensorsWriter();
        for (int i : new int[] {10, 2, 0, 1}) {
            w.putFloats("input.waveform." + i, new long[] {1}, new float[] {i});
        }
        w.putBytes("video.0.frame.10", DType.U8, new long[] {1, 1, 3}, new byte[] {1, 2, 3});
        w.putBytes("video.0.frame.9", DType.U8, new long[] {1, 1, 3}, new byte[] {(byte) 200, 5, 6});
        w.putBytes("video_mixed.1.frame.0", DType.U8, new long[] {1, 1, 3}, new byte[] {7, 8, 9});
        w.putFloats("waveform.x", new long[] {1}, new float[] {0});
        w.putFloats("expected.waveform.3", new long[] {1}, new float[] {0});
        w.write(file);
        try (TensorFileInputs in = TensorFileInputs.open(file, TensorFileInputs.PREPROCESS_INPUTS)) {
            assertEquals(List.of("waveform.0", "waveform.1", "waveform.2", "waveform.10"), in.names("waveform."));
            assertEquals(List.of("video.0.frame.9", "video.0.frame.10"), in.names("video."));
            assertEquals(List.of("video_mixed.1.frame.0"), in.names("video_mixed."));
            assertArrayEquals(new byte[] {(byte) 200, 5, 6}, in.unsignedBytes("video.0.frame.9"));
            assertArrayEquals(new long[] {1, 1, 3}, in.info("video.0.frame.9").shape());
        }
    }

    @Test
    void sameNameWithAndWithoutPrefixIsAnError(@TempDir Path dir) {
        Path file = dir.resolve("twice.safetensors");
        new SafetensorsWriter()
                .putFloats("pixel_values", new long[] {1}, new float[] {1})
                .putFloats("input.pixel_values", new long[] {1}, new float[] {2})
                .write(file);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TensorFileInputs.open(file, TensorFileInputs.FORWARD_ARGUMENTS));
        assertTrue(e.getMessage().contains("'input.pixel_values'") && e.getMessage().contains("'pixel_values'"),
                e.getMessage());
    }

    @Test
    void missingAndMistypedTensorsAreNamed(@TempDir Path dir) {
        Path file = dir.resolve("typed.safetensors");
        new SafetensorsWriter()
                .putBytes("input.pixel_values", DType.U8, new long[] {1}, new byte[] {(byte) 255})
                .putFloats("input.labels", new long[] {1}, new float[] {1})
                .write(file);
        try (TensorFileInputs in = TensorFileInputs.open(file, TensorFileInputs.FORWARD_ARGUMENTS)) {
            InvalidInputException absent = assertThrows(InvalidInputException.class, () -> in.floats("audio_values"));
            assertTrue(absent.getMessage().contains("'audio_values'") && absent.getMessage().contains("typed.safetensors"),
                    absent.getMessage());
            InvalidInputException u8 = assertThrows(InvalidInputException.class, () -> in.floats("pixel_values"));
            assertTrue(u8.getMessage().contains("input.pixel_values") && u8.getMessage().contains("U8"), u8.getMessage());
            InvalidInputException f32 = assertThrows(InvalidInputException.class, () -> in.longs("labels"));
            assertTrue(f32.getMessage().contains("F32"), f32.getMessage());
            assertEquals(FloatTensor.wrap(new float[] {255}, 1), in.mask("pixel_values"));
        }
    }

    @Test
    void corruptFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("bad.safetensors"), new byte[] {1, 2, 3});
        CorruptFileException e = assertThrows(CorruptFileException.class,
                () -> TensorFileInputs.open(file, TensorFileInputs.FORWARD_ARGUMENTS));
        assertTrue(e.getMessage().contains("bad.safetensors"), e.getMessage());
    }
}

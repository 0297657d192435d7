package ai.tvlt.weights.torch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.weights.testing.GoldenFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken checkpoints are refused with a {@link CorruptFileException} that names the problem,
 * without executing anything, reading out of bounds, overflowing the stack or exhausting the heap.
 */
class TorchCheckpointHostileTest {

    @TempDir
    Path tmp;

    private static final byte[] ONE_FLOAT = {0, 0, (byte) 0x80, 0x3f};

    private CorruptFileException rejected(byte[] pickle, String... messageParts) throws IOException {
        Path file = new CheckpointZip("archive").pickle(pickle).storage("0", ONE_FLOAT)
                .write(Files.createTempFile(tmp, "hostile", ".bin"));
        return rejectedFile(file, messageParts);
    }

    private static CorruptFileException rejectedFile(Path file, String... messageParts) {
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> TorchCheckpoint.open(file).close());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        }
        return e;
    }

    private static PickleBytes stateDictWith(PickleBytes value) {
        return PickleBytes.protocol2().emptyDict().mark().str("w").raw(value.bytes()).setItems().stop();
    }

    @Test
    void osSystemGlobalIsRefusedBeforeAnyCall() throws IOException {
        byte[] pickle = PickleBytes.protocol2().global("os", "system").mark().str("touch /tmp/pwned").op('t')
                .reduce().stop().bytes();
        rejected(pickle, "os.system", "refused");
    }

    @Test
    void builtinsEvalThroughStackGlobalIsRefused() throws IOException {
        byte[] pickle = PickleBytes.protocol2().str("builtins").str("eval").op(0x93).mark().str("1+1").op('t')
                .reduce().stop().bytes();
        rejected(pickle, "builtins.eval");
    }

    @Test
    void otherDangerousGlobalsAreRefused() throws IOException {
        for (String[] g : new String[][] {{"subprocess", "Popen"}, {"torch", "load"}, {"torch._utils", "eval"},
                {"collections", "defaultdict"}, {"numpy.core.multiarray", "_reconstruct"}, {"posix", "system"}}) {
            rejected(PickleBytes.protocol2().global(g[0], g[1]).stop().bytes(), g[0] + "." + g[1]);
        }
    }

    @Test
    void reduceOfAnythingNotCallableIsRefused() throws IOException {
        // an allowed but non-callable global: a storage class
        rejected(stateDictWith(new PickleBytes().global("torch", "FloatStorage").emptyTuple().reduce()).bytes(),
                "torch.FloatStorage");
        // a dtype object
        rejected(stateDictWith(new PickleBytes().global("torch", "float32").emptyTuple().reduce()).bytes(),
                "torch.float32");
        // a string
        rejected(stateDictWith(new PickleBytes().str("os.system").emptyTuple().reduce()).bytes(),
                "not callable");
        // NEWOBJ of anything but OrderedDict
        rejected(stateDictWith(new PickleBytes().global("torch", "FloatStorage").emptyTuple().op(0x81)).bytes(),
                "torch.FloatStorage");
        // BUILD on a tensor (a __setstate__ call)
        rejected(stateDictWith(new PickleBytes()
                .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).emptyDict().op('b')).bytes(),
                "BUILD");
    }

    @Test
    void opcodesOutsideTheStateDictSubsetAreRefused() throws IOException {
        rejected(PickleBytes.protocol2().op('i').raw("os\nsystem\n".getBytes()).stop().bytes(), "opcode 0x69");
        rejected(PickleBytes.protocol2().op('o').stop().bytes(), "opcode 0x6f");
        rejected(PickleBytes.protocol2().op(0x92).stop().bytes(), "opcode 0x92");
        rejected(new PickleBytes().op(0x80).op(9).stop().bytes(), "protocol 9");
    }

    @Test
    void memoIndicesOutOfRangeAreRefused() throws IOException {
        rejected(PickleBytes.protocol2().op('h').op(7).stop().bytes(), "memo index 7");
        rejected(PickleBytes.protocol2().op('j').raw(new byte[] {-1, -1, -1, -1}).stop().bytes(),
                "memo index 4294967295");
    }

    @Test
    void hugeDeclaredLengthsDoNotAllocate() throws IOException {
        byte[] huge = PickleBytes.protocol2().op('X').raw(new byte[] {-1, -1, -1, 0x7f}).stop().bytes();
        rejected(huge, "BINUNICODE declares 2147483647 bytes");
        byte[] huge8 = PickleBytes.protocol2().op(0x8e).raw(new byte[] {-1, -1, -1, -1, -1, -1, -1, 0x7f}).bytes();
        rejected(huge8, "BINBYTES8");
        byte[] bigShape = stateDictWith(new PickleBytes().tensor("FloatStorage", "0", 1, 0,
                new long[] {1L << 40, 1L << 40}, new long[] {1L << 40, 1})).bytes();
        rejected(bigShape, "overflows");
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() throws IOException {
        int depth = 200_000;
        PickleBytes nested = new PickleBytes();
        for (int i = 0; i < depth; i++) {
            nested.mark();
        }
        for (int i = 0; i < depth; i++) {
            nested.op('t');
        }
        rejected(stateDictWith(nested).bytes(), "'w' is a tuple of 1 items, not a tensor");
        PickleBytes unclosed = PickleBytes.protocol2();
        for (int i = 0; i < depth; i++) {
            unclosed.mark();
        }
        rejected(unclosed.emptyDict().stop().bytes(), "open marks");
        PickleBytes lists = new PickleBytes().op(']');
        for (int i = 0; i < depth; i++) {
            lists.op(']');
        }
        for (int i = 0; i < depth; i++) {
            lists.op('a'); // each list is appended to the one below it: depth levels of nesting
        }
        rejected(stateDictWith(lists).bytes(), "is a list");
    }

    @Test
    void cyclicStructuresAreNotWalked() throws IOException {
        // l = []; l.append(l); {l: ...} and {'w': l}
        PickleBytes cycle = new PickleBytes().op(']').op('q').op(1).op('h').op(1).op('a');
        rejected(stateDictWith(cycle).bytes(), "is a list");
        rejected(PickleBytes.protocol2().emptyDict().raw(cycle.bytes()).str("x").op('s').stop().bytes(),
                "dict key is a list");
    }

    @Test
    void storagesOutOfRangeAreRefused() throws IOException {
        // the view reaches past the declared storage
        rejected(stateDictWith(new PickleBytes().tensor("FloatStorage", "0", 1, 0, new long[] {2}, new long[] {1}))
                .bytes(), "reaches element 2", "holds 1");
        // the offset alone is out of range
        rejected(stateDictWith(new PickleBytes().tensor("FloatStorage", "0", 1, 5, new long[] {1}, new long[] {1}))
                .bytes(), "storage '0'");
        // the declared storage is larger than its record
        rejected(stateDictWith(new PickleBytes().tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1}))
                .bytes(), "declares 4 elements", "holds 4 bytes");
        // the record does not exist
        rejected(stateDictWith(new PickleBytes().tensor("FloatStorage", "9", 1, 0, new long[] {1}, new long[] {1}))
                .bytes(), "archive/data/9");
        // negative sizes and strides
        rejected(stateDictWith(new PickleBytes().tensor("FloatStorage", "0", 1, 0, new long[] {-1}, new long[] {1}))
                .bytes(), "negative");
        // an unsupported storage type
        rejected(stateDictWith(new PickleBytes().tensor("ComplexFloatStorage", "0", 1, 0, new long[] {1},
                new long[] {1})).bytes(), "torch.ComplexFloatStorage");
    }

    @Test
    void compressedStoragesAreRefused() throws IOException {
        byte[] pickle = stateDictWith(new PickleBytes().tensor("FloatStorage", "0", 1, 0, new long[] {1},
                new long[] {1})).bytes();
        Path file = new CheckpointZip("archive").pickle(pickle).storage("0", ONE_FLOAT).deflate("data/0")
                .write(tmp.resolve("deflated.bin"));
        rejectedFile(file, "compressed");
    }

    @Test
    void nonCheckpointsAreRecognised() throws IOException {
        rejectedFile(Files.write(tmp.resolve("legacy.bin"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0, 0, 0}),
                "legacy");
        rejectedFile(Files.write(tmp.resolve("text.bin"), "hello, not a zip".getBytes()), "not a zip");
        rejectedFile(Files.write(tmp.resolve("tiny.bin"), new byte[] {1}), "not a PyTorch checkpoint");
        Path noPickle = new CheckpointZip("archive").storage("0", ONE_FLOAT).write(tmp.resolve("nopickle.bin"));
        rejectedFile(noPickle, "data.pkl");
        Path bigEndian = new CheckpointZip("archive").pickle(PickleBytes.protocol2().emptyDict().stop().bytes())
                .entry("byteorder", "big".getBytes()).write(tmp.resolve("big.bin"));
        rejectedFile(bigEndian, "big");
    }

    @Test
    void truncatedArchivesAreRefused() throws IOException {
        byte[] golden = Files.readAllBytes(GoldenFiles.resolve("models/tiny-pretraining/pytorch_model.bin"));
        for (int length : new int[] {0, 10, 100, golden.length / 2, golden.length - 23, golden.length - 1}) {
            Path file = Files.write(tmp.resolve("cut" + length + ".bin"), Arrays.copyOf(golden, length));
            rejectedFile(file);
        }
    }

    @Test
    void directoryOffsetsOutsideTheFileAreRefused() throws IOException {
        byte[] golden = Files.readAllBytes(GoldenFiles.resolve("models/tiny-pretraining/pytorch_model.bin"));
        ByteBuffer b = ByteBuffer.wrap(golden.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = golden.length - 22;
        int directory = b.getInt(eocd + 16);
        b.putInt(directory + 42, 0x7fff_fff0); // first entry's local header offset
        rejectedFile(Files.write(tmp.resolve("offset.bin"), b.array()), "outside");
        ByteBuffer c = ByteBuffer.wrap(golden.clone()).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(directory + 20, 0x7fff_fff0).putInt(directory + 24, 0x7fff_fff0); // sizes of data.pkl
        rejectedFile(Files.write(tmp.resolve("size.bin"), c.array()));
        ByteBuffer d = ByteBuffer.wrap(golden.clone()).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort(eocd + 10, (short) 0xfff0); // entry count
        rejectedFile(Files.write(tmp.resolve("count.bin"), d.array()));
    }

    /** Any truncation or single-byte corruption either still opens or is a CorruptFileException. */
    @Test
    void randomDamageNeverEscapesAsAnotherError() throws IOException {
        byte[] golden = Files.readAllBytes(GoldenFiles.resolve("models/tiny-pretraining/pytorch_model.bin"));
        Random random = new Random(1234);
        Path file = tmp.resolve("damaged.bin");
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged;
            if (trial % 3 == 0) {
                damaged = Arrays.copyOf(golden, random.nextInt(golden.length));
            } else {
                damaged = golden.clone();
                // mostly inside data.pkl and the central directory, where structure lives
                int pos = trial % 3 == 1 ? 64 + random.nextInt(9441) : golden.length - 1 - random.nextInt(8000);
                damaged[pos] = (byte) random.nextInt(256);
            }
            Files.write(file, damaged);
            try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
                for (String name : ckpt.names()) {
                    ckpt.readFloats(name);
                }
            } catch (CorruptFileException expected) {
                // refused with a message: fine
            } catch (RuntimeException | Error e) {
                fail("trial " + trial + " escaped as " + e, e);
            }
        }
    }
}

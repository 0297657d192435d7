package ai.tvlt.weights.torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The crafted seeds of {@link TorchCheckpointFuzzTest}: small archives built by hand that reach the paths
 * the torch.save fixtures do not (a deflated pickle, parameter rebuilders, memo and stack-global opcodes,
 * a view with stride 0, a storage shared by two tensors, a big-endian byteorder record, a refused global).
 * They are committed under {@code src/test/resources/ai/tvlt/weights/torch/TorchCheckpointFuzzTestInputs};
 * regenerate them with (from the repository root, after {@code mvn -pl tvlt-weights -am test-compile}):
 * <pre>
 * java -cp "$(cat cp.txt):tvlt-weights/target/classes:tvlt-weights/target/test-classes:tvlt-core/target/classes" \
 *     ai.tvlt.weights.torch.TorchCheckpointSeeds tvlt-weights/src/test/resources/ai/tvlt/weights/torch/TorchCheckpointFuzzTestInputs/torchCheckpoint
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -pl tvlt-weights dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
final class TorchCheckpointSeeds {

    private static final byte[] FOUR_FLOATS = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, (byte) 0x80,
        0x40};

    private TorchCheckpointSeeds() {
    }

    /**
     * Writes the seeds.
     *
     * @param args the seed folder of {@link TorchCheckpointFuzzTest#torchCheckpoint}
     * @throws IOException when writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        byte[] twoTensors = PickleBytes.protocol2().emptyDict().mark()
                .str("w").tensor("FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {2, 1})
                .str("w_t").tensor("FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {1, 2})
                .setItems().stop().bytes();
        new CheckpointZip("archive").pickle(twoTensors).storage("0", FOUR_FLOATS).write(dir.resolve("shared_storage"));
        new CheckpointZip("model").pickle(twoTensors).deflate("data.pkl").storage("0", FOUR_FLOATS)
                .entry("byteorder", "little".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .write(dir.resolve("deflated_pickle_byteorder"));
        new CheckpointZip("archive").pickle(twoTensors).storage("0", FOUR_FLOATS)
                .entry("byteorder", "big".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .write(dir.resolve("big_endian"));

        byte[] parameter = PickleBytes.protocol2().emptyDict().op('q').op(0).mark()
                .str("p").global("torch._utils", "_rebuild_parameter").mark()
                .raw(new PickleBytes().tensor("HalfStorage", "1", 2, 1, new long[] {1}, new long[] {1}).bytes())
                .op(0x88).global("collections", "OrderedDict").emptyTuple().reduce().op('t').reduce()
                .str("b").raw(new PickleBytes().tensor("LongStorage", "2", 1, 0, new long[] {}, new long[] {}).bytes())
                .str("e").raw(new PickleBytes().tensor("FloatStorage", "0", 4, 3, new long[] {5}, new long[] {0}).bytes())
                .setItems().op('h').op(0).op('0').stop().bytes();
        new CheckpointZip("archive").pickle(parameter).storage("0", FOUR_FLOATS).storage("1", new byte[] {0, 0x3c, 0, 0x40})
                .storage("2", new byte[] {7, 0, 0, 0, 0, 0, 0, 0}).write(dir.resolve("parameter_scalar_stride0"));

        byte[] stackGlobal = PickleBytes.protocol2().op(0x95).raw(new byte[8]).emptyDict().op(0x94).mark()
                .str("x").str("torch._utils").str("_rebuild_tensor_v2").op(0x93).mark()
                .mark().str("storage").str("torch").str("BFloat16Storage").op(0x93).str("0").str("cpu").integer(2).op('t')
                .op('Q').integer(0).tuple(2).tuple(1).op(0x89).global("collections", "OrderedDict").emptyTuple()
                .reduce().op('t').reduce().setItems().stop().bytes();
        new CheckpointZip("archive").pickle(stackGlobal).storage("0", new byte[] {(byte) 0x80, 0x3f, 0, 0x40})
                .write(dir.resolve("stack_global_frame_memo"));

        byte[] refused = PickleBytes.protocol2().global("os", "system").mark().str("true").op('t').reduce().stop()
                .bytes();
        new CheckpointZip("archive").pickle(refused).write(dir.resolve("refused_global"));
    }
}

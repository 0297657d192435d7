package ai.tvlt.weights.safetensors;

import static ai.tvlt.weights.safetensors.Crafted.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The crafted part of the fuzz seed corpus, and the two valid shards the index target runs against.
 * The seeds are committed under {@code src/test/resources/ai/tvlt/weights/safetensors/SafetensorsFuzzTestInputs};
 * regenerate them with (from the repository root, after {@code mvn -pl tvlt-weights -am test-compile}):
 * <pre>
 * java -cp "$(cat cp.txt):tvlt-weights/target/classes:tvlt-weights/target/test-classes:tvlt-core/target/classes" \
 *     ai.tvlt.weights.safetensors.FuzzSeedCorpus tvlt-weights/src/test/resources/ai/tvlt/weights/safetensors/SafetensorsFuzzTestInputs
 * </pre>
 * where {@code cp.txt} comes from {@code mvn -pl tvlt-weights dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
final class FuzzSeedCorpus {

    static final String SHARD_1 = "model-00001-of-00002.safetensors";
    static final String SHARD_2 = "model-00002-of-00002.safetensors";

    private FuzzSeedCorpus() {
    }

    /**
     * Writes the seeds.
     *
     * @param args the inputs folder of {@link SafetensorsFuzzTest}
     * @throws IOException when writing fails
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        writeFileSeeds(Files.createDirectories(root.resolve("safetensorsFile")));
        writeIndexSeeds(Files.createDirectories(root.resolve("shardIndex")));
    }

    /**
     * Writes two small valid shards, holding a, b and c, d.
     *
     * @param dir the folder
     */
    static void writeShards(Path dir) {
        new SafetensorsWriter().metadata("format", "pt")
                .putFloats("a", new long[] {2}, new float[] {1, -2})
                .putLongs("b", new long[] {1}, new long[] {7})
                .write(dir.resolve(SHARD_1));
        new SafetensorsWriter().metadata("format", "pt")
                .putShorts("c", DType.F16, new long[] {2, 2}, new short[] {0x3C00, (short) 0xFC00, 0x7E00, 1})
                .putBytes("d", DType.U8, new long[] {3}, new byte[] {0, 1, (byte) 255})
                .write(dir.resolve(SHARD_2));
    }

    private static void writeFileSeeds(Path dir) throws IOException {
        SafetensorsWriter all = new SafetensorsWriter().metadata("format", "pt").metadata("note", "é\n\"");
        for (DType d : DType.values()) {
            byte[] bytes = new byte[2 * d.byteSize()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (d == DType.BOOL ? i % 2 : 0x3C + i);
            }
            all.put(d.name().toLowerCase(), d, new long[] {2}, java.nio.ByteBuffer.wrap(bytes));
        }
        all.write(dir.resolve("all_dtypes"));
        new SafetensorsWriter().write(dir.resolve("empty"));
        new SafetensorsWriter().putFloats("scalar", new long[] {}, new float[] {3})
                .putFloats("zero", new long[] {0, 2}, new float[0])
                .putShorts("名前", DType.BF16, new long[] {1, 1}, new short[] {0x3F80})
                .write(dir.resolve("scalar_zero_unicode"));
        Map<String, byte[]> crafted = new LinkedHashMap<>();
        crafted.put("any_key_order", Crafted.file(" {" + entry("b", "F32", "1", 4, 8) + ",\"__metadata__\":null,"
                + "\"a\":{\"shape\":[1],\"x\":[{}],\"data_offsets\":[0,4],\"dtype\":\"I32\"}}  ", 8));
        crafted.put("gap", Crafted.file("{" + entry("a", "F32", "1", 0, 4) + "," + entry("b", "F32", "1", 8, 12) + "}", 12));
        crafted.put("overlap", Crafted.file("{" + entry("a", "F32", "2", 0, 8) + "," + entry("b", "F32", "1", 4, 8) + "}", 8));
        crafted.put("bad_dtype", Crafted.file("{" + entry("a", "U16", "2", 0, 4) + "}", 4));
        crafted.put("size_mismatch", Crafted.file("{" + entry("a", "F64", "2", 0, 8) + "}", 8));
        crafted.put("duplicate", Crafted.file("{" + entry("a", "U8", "1", 0, 1) + "," + entry("a", "U8", "1", 0, 1) + "}", 1));
        crafted.put("metadata_number", Crafted.file("{\"__metadata__\":{\"k\":1}}", 0));
        crafted.put("length_past_end", Crafted.file(4096, "{}".getBytes(StandardCharsets.UTF_8), 0));
        for (Map.Entry<String, byte[]> e : crafted.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    private static void writeIndexSeeds(Path dir) throws IOException {
        Map<String, String> seeds = new LinkedHashMap<>();
        seeds.put("valid", "{\"metadata\":{\"total_size\":31},\"weight_map\":{\"a\":\"" + SHARD_1 + "\",\"b\":\"" + SHARD_1
                + "\",\"c\":\"" + SHARD_2 + "\",\"d\":\"" + SHARD_2 + "\"}}");
        seeds.put("missing_tensor", "{\"weight_map\":{\"a\":\"" + SHARD_1 + "\",\"b\":\"" + SHARD_1 + "\"}}");
        seeds.put("wrong_shard", "{\"weight_map\":{\"a\":\"" + SHARD_2 + "\",\"b\":\"" + SHARD_1
                + "\",\"c\":\"" + SHARD_2 + "\",\"d\":\"" + SHARD_2 + "\"}}");
        seeds.put("parent_dir", "{\"weight_map\":{\"a\":\"../" + SHARD_1 + "\"}}");
        seeds.put("absent_shard", "{\"metadata\":null,\"weight_map\":{\"a\":\"model-00003-of-00003.safetensors\"}}");
        for (Map.Entry<String, String> e : seeds.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }
}

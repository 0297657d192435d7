package ai.tvlt.examples.cli.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tells checkpoints apart by content, whatever folder or hub id they were loaded from: SHA-256 over
 * {@code config.json} and, for each weights file and shard ({@code *.safetensors}, {@code *.bin}), its name, size
 * and its first and last MiB. A full hash of the weights (hundreds of MB) would cost a second of reading at every
 * {@code index} and {@code serve} start; two
 * checkpoints with different weights differ in the tensors at the start of the file (its header names the
 * tensors and offsets, then data follows), so the sampled bytes are enough to keep two models' vectors apart.
 * Stateless.
 */
public final class CheckpointFingerprint {

    private static final int SAMPLE = 1 << 20;

    private CheckpointFingerprint() {
    }

    /**
     * @param checkpoint a checkpoint folder (config.json + weights)
     * @return {@code sha256:} and 16 hex digits
     * @throws UncheckedIOException when a file cannot be read
     */
    public static String of(Path checkpoint) {
        MessageDigest digest = sha256();
        try {
            digest.update(Files.readAllBytes(checkpoint.resolve("config.json")));
            for (Path weights : weightsFiles(checkpoint)) {
                update(digest, weights);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + checkpoint + " to fingerprint it", e);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /** The weights files and shards of every format in the folder, by name. */
    private static List<Path> weightsFiles(Path checkpoint) throws IOException {
        try (Stream<Path> files = Files.list(checkpoint)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".safetensors") || name.endsWith(".bin");
            }).sorted().toList();
        }
    }

    private static void update(MessageDigest digest, Path weights) throws IOException {
        try (FileChannel file = FileChannel.open(weights, StandardOpenOption.READ)) {
            long size = file.size();
            digest.update(weights.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(size).flip());
            read(digest, file, 0, Math.min(size, SAMPLE));
            long tail = Math.max(Math.min(size, SAMPLE), size - SAMPLE);
            read(digest, file, tail, size - tail);
        }
    }

    private static void read(MessageDigest digest, FileChannel file, long position, long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ended while it was read");
            }
        }
        digest.update(buffer.flip());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

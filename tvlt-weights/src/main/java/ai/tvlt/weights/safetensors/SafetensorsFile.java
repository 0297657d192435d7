package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.weights.TensorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A safetensors file opened for reading. The header is parsed and fully validated on open
 * ({@link SafetensorsHeader}); tensor data is memory-mapped one tensor at a time on request, so files
 * larger than 2 GB work and nothing is copied until a tensor is read.
 *
 * <p>Thread-safety: after {@link #open(Path)} returns, every read method may be called from several
 * threads at once. {@link #close()} must not race with reads.
 */
public final class SafetensorsFile implements TensorStore {

    private final Path path;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @param path the file
     * @return the open file; close it when done
     * @throws CorruptFileException when the file is not a valid safetensors file (the message names
     *     the file and the problem)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
        }
        try {
            SafetensorsHeader header = SafetensorsHeader.read(channel, path.toString());
            return new SafetensorsFile(path, channel, header);
        } catch (RuntimeException | IOException e) {
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read " + path + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** @return the file this was opened from */
    public Path path() {
        return path;
    }

    @Override
    public SortedSet<String> names() {
        ensureOpen();
        return Collections.unmodifiableSortedSet(new TreeSet<>(header.tensors().keySet()));
    }

    @Override
    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        ensureOpen();
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            throw new InvalidInputException(path + " has no tensor named '" + name + "'");
        }
        return info;
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** @return the offset of the data area from the start of the file (8 + header length) */
    public long dataStart() {
        return header.dataStart();
    }

    @Override
    public ByteBuffer rawData(String name) {
        TensorInfo info = info(name);
        long size = info.byteSize();
        if (size > Integer.MAX_VALUE) {
            throw new InvalidInputException("tensor '" + name + "' in " + path + " is " + size
                    + " bytes; tensors over 2 GB cannot be mapped as one buffer");
        }
        if (size == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + info.begin(), size)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map tensor '" + name + "' of " + path, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("safetensors file " + path + " is closed");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the file was only read
        }
    }
}

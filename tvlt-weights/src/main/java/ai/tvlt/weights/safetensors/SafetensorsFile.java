package ai.tvlt.weights.safetensors;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.IoFailures;
import ai.tvlt.weights.TensorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A safetensors file opened for reading. The header is parsed and fully validated on open
 * ({@link SafetensorsHeader}); tensor data is memory-mapped lazily in regions of at most
 * {@link #MAX_REGION_BYTES} bytes (each holding whole tensors), so files larger than 2 GB work, a
 * checkpoint costs one or a few mappings, and nothing is copied until a tensor is decoded. A single
 * tensor larger than 2 GiB cannot be returned as one {@link ByteBuffer}: reading it fails with an
 * {@link InvalidInputException}, the rest of the file stays readable.
 *
 * <p>Mappings are released by the garbage collector once neither this object nor a buffer returned by
 * {@link #rawData(String)} is reachable (Java 17 has no explicit unmap). The file must not be
 * truncated or rewritten while it is open: the operating system then faults on access, which the JVM
 * reports as an {@link InternalError}.
 *
 * <p>Thread-safety: after {@link #open(Path)} returns, every read method may be called from several
 * threads at once. {@link #close()} must not race with reads.
 */
public final class SafetensorsFile implements TensorStore {

    /** Tensors are grouped into mapped regions of at most this size (a larger tensor gets its own). */
    public static final long MAX_REGION_BYTES = 1L << 30;

    private static final int NO_REGION = -1;

    private final Path path;
    private final FileChannel channel;
    private final SafetensorsHeader header;
    private final SortedSet<String> names;
    private final Map<String, Integer> regionOfTensor;
    private final long[] regionBegin;
    private final long[] regionEnd;
    private final AtomicReferenceArray<ByteBuffer> regions;
    private volatile boolean closed;

    private SafetensorsFile(Path path, FileChannel channel, SafetensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.names = Collections.unmodifiableSortedSet(new TreeSet<>(header.tensors().keySet()));
        List<TensorInfo> byOffset = new ArrayList<>(header.tensors().values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        Map<String, Integer> regionOf = new HashMap<>();
        List<long[]> spans = new ArrayList<>();
        for (TensorInfo t : byOffset) {
            if (t.byteSize() == 0) {
                continue;
            }
            if (t.byteSize() > Integer.MAX_VALUE) {
                regionOf.put(t.name(), NO_REGION);
                continue;
            }
            long[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && last[1] == t.begin() && t.end() - last[0] <= MAX_REGION_BYTES) {
                last[1] = t.end();
            } else {
                spans.add(new long[] {t.begin(), t.end()});
            }
            regionOf.put(t.name(), spans.size() - 1);
        }
        this.regionOfTensor = regionOf;
        this.regionBegin = spans.stream().mapToLong(s -> s[0]).toArray();
        this.regionEnd = spans.stream().mapToLong(s -> s[1]).toArray();
        this.regions = new AtomicReferenceArray<>(spans.size());
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
        InvalidInputException.requireNonNull(path, "path");
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + IoFailures.reason(e), e);
        }
        try {
            SafetensorsHeader header = SafetensorsHeader.read(channel, path.toString());
            return new SafetensorsFile(path, channel, header);
        } catch (RuntimeException | IOException e) {
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read " + path + ": " + IoFailures.reason(io), io);
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
        return names;
    }

    @Override
    public boolean contains(String name) {
        ensureOpen();
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
        ensureOpen();
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
        if (size == 0) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        int region = regionOfTensor.get(name);
        if (region == NO_REGION) {
            throw new InvalidInputException("tensor '" + name + "' in " + path + " is " + size
                    + " bytes; a tensor over 2 GiB cannot be returned as one ByteBuffer");
        }
        ByteBuffer mapped = region(region, name);
        return mapped.slice((int) (info.begin() - regionBegin[region]), (int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer region(int index, String forTensor) {
        ByteBuffer mapped = regions.get(index);
        if (mapped == null) {
            try {
                mapped = channel.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + regionBegin[index],
                        regionEnd[index] - regionBegin[index]);
            } catch (IOException e) {
                ensureOpen();
                throw new UncheckedIOException("cannot map tensor '" + forTensor + "' of " + path + ": "
                        + IoFailures.reason(e), e);
            }
            // Another thread may have mapped the same region meanwhile; keep the first mapping.
            regions.compareAndSet(index, null, mapped);
            mapped = regions.get(index);
        }
        return mapped;
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

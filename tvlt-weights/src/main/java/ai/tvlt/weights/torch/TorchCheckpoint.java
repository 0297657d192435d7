package ai.tvlt.weights.torch;

import ai.tvlt.core.error.ClosedException;
import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.error.IoFailures;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PyTorch checkpoint ({@code pytorch_model.bin}, the zip format {@code torch.save} writes since torch
 * 1.6) read as a {@link TensorStore}, without Python and without executing anything from the file.
 *
 * <p>The archive holds {@code <archive>/data.pkl}, a pickle of the state_dict (tensor name to tensor),
 * and one uncompressed zip entry {@code <archive>/data/<key>} per storage; the top folder's name varies
 * ({@code archive/}, {@code pytorch_model/}, ...). The pickle is run by a {@link RestrictedUnpickler}
 * that admits only what torch's {@code weights_only} loader admits for a state_dict; every tensor's view
 * (offset, shape, strides) is checked against its storage when the file is opened. Storage bytes are
 * memory-mapped on request, one tensor at a time, so opening a 450 MB checkpoint reads only its
 * directory and its pickle.
 *
 * <p>{@link #info(String)} reports the dtype with the safetensors names (F32, F16, BF16, I64, ...) and a
 * byte span {@code [0, numel * elementSize)} of the tensor's contiguous form. {@link #rawData(String)}
 * returns the tensor's bytes in row-major order: a mapped view when the tensor is contiguous in its
 * storage, otherwise a fresh heap copy gathered along the strides. Tensors that share a storage are each
 * returned with their own view.
 *
 * <p>Thread-safety: after {@link #open(Path)} every read method may be called from several threads at
 * once; {@link #close()} must not race with reads.
 */
public final class TorchCheckpoint implements TensorStore {

    /** Largest {@code data.pkl} accepted (a state_dict pickle is about 100 bytes per tensor). */
    public static final long MAX_PICKLE_BYTES = 64L << 20;

    private static final String PICKLE_NAME = "data.pkl";

    private final Path path;
    private final FileChannel channel;
    private final SortedMap<String, Tensor> tensors;
    private volatile boolean closed;

    private record Tensor(TensorInfo info, TensorRef ref) {
    }

    private TorchCheckpoint(Path path, FileChannel channel, SortedMap<String, Tensor> tensors) {
        this.path = path;
        this.channel = channel;
        this.tensors = tensors;
    }

    /**
     * Opens a PyTorch zip checkpoint and validates its pickle and every tensor's extent.
     *
     * @param path the {@code .bin} / {@code .pt} file
     * @return the open checkpoint; close it when done
     * @throws CorruptFileException when the file is not a zip checkpoint, is truncated, references a
     *     Python global or call outside the allowlist (the message names it), or describes tensors that
     *     do not fit their storages
     * @throws UncheckedIOException when the file cannot be read
     */
    public static TorchCheckpoint open(Path path) {
        InvalidInputException.requireNonNull(path, "path");
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + IoFailures.reason(e), e);
        }
        try {
            return new TorchCheckpoint(path, channel, readTensors(channel, path.toString()));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot read " + path + ": " + IoFailures.reason(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** @return the file this was opened from */
    public Path path() {
        return path;
    }

    @Override
    public SortedSet<String> names() {
        ensureOpen();
        return Collections.unmodifiableSortedSet(new TreeSet<>(tensors.keySet()));
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        return tensor(name).info();
    }

    /**
     * @param name a tensor name
     * @return whether the tensor's elements lie row-major and gap-free in its storage (then
     *     {@link #rawData(String)} is a mapped view, otherwise a gathered copy)
     */
    public boolean isContiguous(String name) {
        return tensor(name).ref().layout().isContiguous();
    }

    /** A PyTorch checkpoint has no free-form metadata: always empty. */
    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public ByteBuffer rawData(String name) {
        Tensor t = tensor(name);
        long size = t.info().byteSize();
        if (size > Integer.MAX_VALUE) {
            throw new InvalidInputException("tensor '" + name + "' in " + path + " is " + size
                    + " bytes; tensors over 2 GB cannot be returned as one buffer");
        }
        if (size == 0) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }
        StridedLayout layout = t.ref().layout();
        int elementSize = t.info().dtype().byteSize();
        long start = t.ref().storage().entry().dataOffset() + layout.offset() * elementSize;
        try {
            if (layout.isContiguous()) {
                return channel.map(FileChannel.MapMode.READ_ONLY, start, size).order(ByteOrder.LITTLE_ENDIAN);
            }
            long span = (layout.extent() - layout.offset()) * elementSize;
            if (span > Integer.MAX_VALUE) {
                throw new InvalidInputException("non-contiguous tensor '" + name + "' in " + path + " spans "
                        + span + " bytes of its storage; more than 2 GB cannot be gathered");
            }
            ByteBuffer storage = channel.map(FileChannel.MapMode.READ_ONLY, start, span);
            ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            layout.gather(storage, elementSize, out);
            return out.flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map tensor '" + name + "' of " + path + ": " + IoFailures.reason(e), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    private Tensor tensor(String name) {
        ensureOpen();
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new InvalidInputException(path + " has no tensor named '" + name + "'");
        }
        return t;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("PyTorch checkpoint " + path + " is closed");
        }
    }

    private static SortedMap<String, Tensor> readTensors(FileChannel channel, String where) throws IOException {
        rejectNonZip(channel, where);
        ZipDirectory zip = ZipDirectory.read(channel, where);
        String prefix = archivePrefix(zip, where);
        checkByteOrder(channel, zip, prefix, where);
        ByteBuffer pickle = readPickle(channel, zip.entries().get(prefix + PICKLE_NAME), where);
        Map<String, StorageRef> storages = new HashMap<>();
        Object root = new RestrictedUnpickler(pickle, where,
                pid -> loadStorage(pid, zip, prefix, storages, where)).load();
        return tensorsOf(root, where);
    }

    private static void rejectNonZip(FileChannel channel, String where) throws IOException {
        if (channel.size() < 4) {
            throw new CorruptFileException(where + ": file is " + channel.size() + " bytes, not a PyTorch checkpoint");
        }
        ByteBuffer magic = ZipDirectory.readAt(channel, 0, 4, where);
        if (magic.getInt(0) == 0x04034b50) {
            return;
        }
        if ((magic.get(0) & 0xFF) == 0x80) {
            throw new CorruptFileException(where + ": this is the legacy (torch < 1.6) non-zip torch.save format,"
                    + " which is not supported; re-save it with a recent torch, or use model.safetensors");
        }
        throw new CorruptFileException(where + ": not a zip archive, so not a PyTorch checkpoint written by"
                + " torch.save (>= 1.6)");
    }

    /** Finds {@code <archive>/data.pkl}; the archive folder name is whatever torch.save was given. */
    private static String archivePrefix(ZipDirectory zip, String where) {
        String prefix = null;
        for (String name : zip.entries().keySet()) {
            if (name.endsWith("/" + PICKLE_NAME) && name.indexOf('/') == name.length() - PICKLE_NAME.length() - 1) {
                if (prefix != null) {
                    throw new CorruptFileException(where + ": several data.pkl records (" + prefix + PICKLE_NAME
                            + ", " + name + ")");
                }
                prefix = name.substring(0, name.length() - PICKLE_NAME.length());
            }
        }
        if (prefix == null) {
            throw new CorruptFileException(where + ": no <archive>/data.pkl record; this zip is not a checkpoint"
                    + " written by torch.save");
        }
        return prefix;
    }

    private static void checkByteOrder(FileChannel channel, ZipDirectory zip, String prefix, String where)
            throws IOException {
        ZipDirectory.Entry order = zip.entries().get(prefix + "byteorder");
        if (order == null) {
            return; // torch writes it since 2.1; older files are little-endian
        }
        if (order.method() != ZipDirectory.METHOD_STORED || order.size() > 16) {
            throw new CorruptFileException(where + ": unreadable byteorder record");
        }
        ByteBuffer b = ZipDirectory.readAt(channel, order.dataOffset(), (int) order.size(), where);
        String value = StandardCharsets.US_ASCII.decode(b).toString().trim();
        if (!value.equals("little")) {
            throw new CorruptFileException(where + ": storages are stored '" + value
                    + "'-endian; only little-endian checkpoints are supported");
        }
    }

    private static ByteBuffer readPickle(FileChannel channel, ZipDirectory.Entry entry, String where)
            throws IOException {
        if (entry.size() > MAX_PICKLE_BYTES || entry.compressedSize() > MAX_PICKLE_BYTES) {
            throw new CorruptFileException(where + ": " + entry.name() + " declares " + entry.size()
                    + " bytes, more than the " + MAX_PICKLE_BYTES + " accepted for a state_dict pickle");
        }
        ByteBuffer raw = ZipDirectory.readAt(channel, entry.dataOffset(), (int) entry.compressedSize(), where);
        return switch (entry.method()) {
            case ZipDirectory.METHOD_STORED -> raw;
            case ZipDirectory.METHOD_DEFLATED -> inflate(raw, (int) entry.size(), entry.name(), where);
            default -> throw new CorruptFileException(where + ": " + entry.name()
                    + " uses unsupported zip compression method " + entry.method());
        };
    }

    /** Inflates exactly {@code size} bytes; more or fewer is corruption. */
    private static ByteBuffer inflate(ByteBuffer compressed, int size, String name, String where) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[size];
            int n = 0;
            while (n < size && !inflater.finished()) {
                int k = inflater.inflate(out, n, size - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += k;
            }
            byte[] probe = new byte[1];
            if (n != size || (!inflater.finished() && inflater.inflate(probe) > 0)) {
                throw new CorruptFileException(where + ": " + name + " does not inflate to its declared "
                        + size + " bytes");
            }
            return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        } catch (DataFormatException e) {
            throw new CorruptFileException(where + ": " + name + " is not valid deflate data", e);
        } finally {
            inflater.end();
        }
    }

    /** Resolves {@code ('storage', torch.XStorage, key, location, numel)} to its zip entry. */
    private static StorageRef loadStorage(PickleTuple pid, ZipDirectory zip, String prefix,
                                          Map<String, StorageRef> seen, String where) {
        if (pid.size() != 5 || !"storage".equals(pid.get(0))) {
            throw new CorruptFileException(where + ": unsupported persistent id "
                    + RestrictedUnpickler.describe(pid) + "; expected ('storage', type, key, location, numel)");
        }
        if (!(pid.get(1) instanceof PickleGlobal typeName)) {
            throw new CorruptFileException(where + ": storage type is " + RestrictedUnpickler.describe(pid.get(1)));
        }
        TorchStorageType type = TorchStorageType.of(typeName).orElseThrow(() -> new CorruptFileException(where
                + ": '" + typeName.qualifiedName() + "' is not a supported storage type"));
        if (!(pid.get(2) instanceof String key) || !(pid.get(4) instanceof Long numel) || numel < 0) {
            throw new CorruptFileException(where + ": storage persistent id has a malformed key or element count");
        }
        StorageRef known = seen.get(key);
        if (known != null) {
            if (known.type() != type || known.numel() != numel) {
                throw new CorruptFileException(where + ": storage '" + key + "' is declared twice with different"
                        + " types or sizes");
            }
            return known;
        }
        ZipDirectory.Entry entry = zip.entries().get(prefix + "data/" + key);
        if (entry == null) {
            throw new CorruptFileException(where + ": storage '" + key + "' has no record " + prefix + "data/" + key);
        }
        if (entry.method() != ZipDirectory.METHOD_STORED) {
            throw new CorruptFileException(where + ": storage record " + entry.name() + " is compressed (method "
                    + entry.method() + "); torch.save stores storages uncompressed, and compressed ones are not"
                    + " read");
        }
        long needed;
        try {
            needed = Math.multiplyExact(numel, (long) type.dtype().byteSize());
        } catch (ArithmeticException e) {
            needed = Long.MAX_VALUE;
        }
        if (needed > entry.size()) {
            throw new CorruptFileException(where + ": storage '" + key + "' declares " + numel + " elements of "
                    + type.dtype() + " (" + needed + " bytes) but its record holds " + entry.size() + " bytes");
        }
        StorageRef ref = new StorageRef(key, type, numel, entry);
        seen.put(key, ref);
        return ref;
    }

    private static SortedMap<String, Tensor> tensorsOf(Object root, String where) {
        if (!(root instanceof PickleDict dict)) {
            throw new CorruptFileException(where + ": the pickle holds " + RestrictedUnpickler.describe(root)
                    + ", not a state_dict (a dict of tensors)");
        }
        SortedMap<String, Tensor> out = new TreeMap<>();
        for (Map.Entry<Object, Object> e : dict.items().entrySet()) {
            if (!(e.getKey() instanceof String name) || name.isEmpty()) {
                throw new CorruptFileException(where + ": a state_dict key is " + RestrictedUnpickler.describe(e.getKey())
                        + ", not a tensor name");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new CorruptFileException(where + ": entry '" + name + "' is "
                        + RestrictedUnpickler.describe(e.getValue()) + ", not a tensor; a flat state_dict"
                        + " (name -> tensor) is expected");
            }
            DType dtype = ref.storage().type().dtype();
            long bytes = Math.multiplyExact(ref.layout().numel(), (long) dtype.byteSize());
            out.put(name, new Tensor(new TensorInfo(name, dtype, ref.layout().shape(), 0, bytes), ref));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the file was only read
        }
    }
}

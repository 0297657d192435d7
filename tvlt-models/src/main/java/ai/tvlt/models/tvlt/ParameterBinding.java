package ai.tvlt.models.tvlt;

import ai.tvlt.core.error.WeightLoadingException;
import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.safetensors.DType;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds state-dict tensors to model fields by their reference names. Every problem (missing key,
 * wrong shape, non-floating dtype) is collected instead of thrown, and {@link #finish()} reports all of
 * them, plus every unexpected key under the prefix, in one {@link WeightLoadingException}: a checkpoint
 * is never loaded partially.
 *
 * <p>Big matrices are used in place from the store's mapped bytes when they are little-endian F32
 * ({@link #matrix}), or else copied once into native ND4J memory; small vectors are copied into heap
 * arrays. F32, F16, BF16 and F64 are accepted (F16/BF16 are widened exactly). Keys outside the prefix are ignored, which is how a bare model loads
 * from a head checkpoint ({@code tvlt.*}). Not thread-safe; used once per load.
 */
public final class ParameterBinding {

    /** A checkpoint of the wrong model can miss thousands of keys; the message lists this many. */
    private static final int MAX_LISTED = 50;

    private final TensorStore store;
    private final String prefix;
    private final Ledger ledger;

    /** What a binding and all its children have seen: keys taken and problems found. */
    private static final class Ledger {
        private final String rootPrefix;
        private final Set<String> used = new HashSet<>();
        private final List<String> problems = new ArrayList<>();

        private Ledger(String rootPrefix) {
            this.rootPrefix = rootPrefix;
        }
    }

    /**
     * @param store the tensors
     * @param prefix the prefix of this model's keys, e.g. {@code ""} or {@code "tvlt."}
     */
    public ParameterBinding(TensorStore store, String prefix) {
        this.store = store;
        this.prefix = prefix == null ? "" : prefix;
        this.ledger = new Ledger(this.prefix);
    }

    /**
     * @param subPrefix appended to this binding's prefix
     * @return a binding that shares this one's bookkeeping, for a sub-module
     */
    public ParameterBinding child(String subPrefix) {
        return new ParameterBinding(this, subPrefix);
    }

    private ParameterBinding(ParameterBinding parent, String subPrefix) {
        this.store = parent.store;
        this.prefix = parent.prefix + subPrefix;
        this.ledger = parent.ledger;
    }

    /** @return this binding's key prefix */
    public String prefix() {
        return prefix;
    }

    /**
     * Reads a small tensor onto the heap.
     *
     * @param name key relative to the prefix
     * @param shape the expected shape
     * @return its values (zeros of the right size when the key is missing or mis-shaped; the problem is
     *     recorded and {@link #finish()} will throw)
     */
    public float[] floats(String name, long... shape) {
        String key = prefix + name;
        int n = (int) TensorInfo.numel(shape);
        if (!check(key, shape)) {
            return new float[n];
        }
        return store.readFloats(key);
    }

    /**
     * Binds a matrix in native memory: a little-endian F32 tensor of a mapped checkpoint is used in place
     * ({@link MappedMatrix}: no copy; the mapping lives as long as the array), any other is copied once
     * (F16/BF16/F64 widened or narrowed exactly as {@link TensorStore#readFloats} does).
     *
     * @param name key relative to the prefix
     * @param rows expected rows
     * @param cols expected columns (a 4-D conv weight [out, c, p, q] is read as [out, c*p*q] by passing
     *     its shape in {@code fullShape})
     * @param fullShape the expected stored shape
     * @return a C-ordered float32 [rows, cols] array (zeros when the key is missing or mis-shaped; the
     *     problem is recorded and {@link #finish()} will throw). Read-only when mapped: callers must not
     *     write into it.
     */
    public INDArray matrix(String name, int rows, int cols, long... fullShape) {
        String key = prefix + name;
        if (!check(key, fullShape.length == 0 ? new long[] {rows, cols} : fullShape)) {
            return Nd4j.create(DataType.FLOAT, rows, cols);
        }
        if (store.info(key).dtype() == DType.F32) {
            INDArray mapped = MappedMatrix.wrap(store.rawData(key), rows, cols);
            if (mapped != null) {
                return mapped;
            }
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        copy(key, out, 0);
        return out;
    }

    /**
     * Copies a stored matrix into rows {@code [rowOffset, rowOffset + shape[0])} of {@code dst}, e.g. the
     * query, key and value weights into one fused [3D, D] matrix.
     *
     * @param name key relative to the prefix
     * @param dst a contiguous C-ordered float32 matrix
     * @param rowOffset first destination row
     * @param shape the expected stored shape (its product must be a whole number of dst rows)
     */
    public void matrixInto(String name, INDArray dst, int rowOffset, long... shape) {
        String key = prefix + name;
        if (check(key, shape)) {
            copy(key, dst, rowOffset);
        }
    }

    private void copy(String key, INDArray dst, int rowOffset) {
        FloatBuffer target = dst.data().asNioFloat();
        int offset = (int) (rowOffset * dst.size(1));
        if (store.info(key).dtype() == DType.F32) {
            FloatBuffer src = store.rawData(key).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            target.put(offset, src, 0, src.remaining());
        } else {
            float[] values = store.readFloats(key);
            target.put(offset, values, 0, values.length);
        }
    }

    private boolean check(String key, long[] shape) {
                ledger.used.add(key);
        if (!store.contains(key)) {
            ledger.problems.add("missing " + key + " " + Arrays.toString(shape));
            return false;
        }
        TensorInfo info = store.info(key);
        if (!Arrays.equals(info.shape(), shape)) {
            ledger.problems.add("shape mismatch " + key + ": checkpoint " + Arrays.toString(info.shape())
                    + ", model " + Arrays.toString(shape));
            return false;
        }
        DType d = info.dtype();
        if (d != DType.F32 && d != DType.F16 && d != DType.BF16 && d != DType.F64) {
            ledger.problems.add("dtype " + d + " of " + key + " is not a floating-point type");
            return false;
        }
        return true;
    }

    /**
     * Declares every key under {@code this.prefix() + subPrefix} as bound elsewhere, so {@link #finish()}
     * does not report it as unexpected: a head binds its own keys here and hands {@code tvlt.*} to
     * {@link TvltModel#create}, which checks those itself.
     *
     * @param subPrefix the part of the key space owned by another binding
     */
    public void boundElsewhere(String subPrefix) {
        String owned = prefix + subPrefix;
        for (String key : store.names()) {
            if (key.startsWith(owned)) {
                ledger.used.add(key);
            }
        }
    }

    /**
     * Reports every problem seen so far and every key under the prefix that no field took.
     *
     * @throws WeightLoadingException listing all of them, when there is any
     */
    public void finish() {
                Set<String> unexpected = new TreeSet<>();
        for (String key : store.names()) {
            if (key.startsWith(ledger.rootPrefix) && !ledger.used.contains(key)) {
                unexpected.add(key);
            }
        }
        List<String> all = new ArrayList<>(ledger.problems);
        for (String key : unexpected) {
            all.add("unexpected " + key + " " + Arrays.toString(store.info(key).shape()));
        }
        if (!all.isEmpty()) {
            List<String> listed = all.size() > MAX_LISTED ? new ArrayList<>(all.subList(0, MAX_LISTED)) : all;
            if (all.size() > MAX_LISTED) {
                listed.add("... and " + (all.size() - MAX_LISTED) + " more");
            }
            throw new WeightLoadingException("checkpoint does not fit the model (prefix '" + ledger.rootPrefix + "'), "
                    + all.size() + " problem(s):\n  " + String.join("\n  ", listed));
        }
    }
}

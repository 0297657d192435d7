package ai.tvlt.weights.torch;

import ai.tvlt.weights.safetensors.DType;
import java.util.Optional;

/**
 * The legacy typed-storage classes that {@code torch.save} names in each storage's persistent id, with the
 * element type they hold. These are the storage types torch's {@code weights_only} loader accepts and
 * that have a safetensors dtype.
 */
enum TorchStorageType {
    /** float64. */
    DOUBLE("DoubleStorage", DType.F64),
    /** float32. */
    FLOAT("FloatStorage", DType.F32),
    /** float16. */
    HALF("HalfStorage", DType.F16),
    /** bfloat16. */
    BFLOAT16("BFloat16Storage", DType.BF16),
    /** int64. */
    LONG("LongStorage", DType.I64),
    /** int32. */
    INT("IntStorage", DType.I32),
    /** int16. */
    SHORT("ShortStorage", DType.I16),
    /** int8. */
    CHAR("CharStorage", DType.I8),
    /** uint8. */
    BYTE("ByteStorage", DType.U8),
    /** bool. */
    BOOL("BoolStorage", DType.BOOL),
    /** untyped bytes (torch >= 2.0 for storages saved without a dtype). */
    UNTYPED("UntypedStorage", DType.U8);

    private final String className;
    private final DType dtype;

    TorchStorageType(String className, DType dtype) {
        this.className = className;
        this.dtype = dtype;
    }

    /** @return the element type */
    DType dtype() {
        return dtype;
    }

    /**
     * @param global a pickled global
     * @return the storage type it names ({@code torch.XStorage}, or {@code torch.storage.UntypedStorage})
     */
    static Optional<TorchStorageType> of(PickleGlobal global) {
        boolean torchModule = global.module().equals("torch")
                || (global.module().equals("torch.storage") && global.name().equals("UntypedStorage"));
        if (!torchModule) {
            return Optional.empty();
        }
        for (TorchStorageType t : values()) {
            if (t.className.equals(global.name())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

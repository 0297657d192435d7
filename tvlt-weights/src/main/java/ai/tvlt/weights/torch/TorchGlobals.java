package ai.tvlt.weights.torch;

import ai.tvlt.core.error.CorruptFileException;
import java.util.List;
import java.util.Set;

/**
 * The allowlist of Python names a checkpoint pickle may reference, and the Java meaning of calling the
 * callable ones. It mirrors the subset of torch's {@code weights_only} unpickler that a state_dict needs:
 * tensor and parameter rebuilders, {@code collections.OrderedDict}, the typed storage classes and the
 * dtype objects. Every other name is rejected when the pickle first mentions it, with the name in the
 * message; nothing is ever imported, looked up reflectively or executed.
 */
final class TorchGlobals {

    static final String REBUILD_TENSOR_V2 = "torch._utils._rebuild_tensor_v2";
    static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor";
    static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    static final String REBUILD_PARAMETER_WITH_STATE = "torch._utils._rebuild_parameter_with_state";
    static final String ORDERED_DICT = "collections.OrderedDict";

    /** dtype objects pickle as {@code torch.<name>}; they are inert names here. */
    private static final Set<String> DTYPES = Set.of("float64", "double", "float32", "float", "float16", "half",
            "bfloat16", "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool");

    private static final Set<String> CALLABLES = Set.of(REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER,
            REBUILD_PARAMETER_WITH_STATE, ORDERED_DICT);

    private TorchGlobals() {
    }

    /**
     * Admits a global named by GLOBAL or STACK_GLOBAL.
     *
     * @param module module name
     * @param name attribute name
     * @param where file, for messages
     * @return the global
     * @throws CorruptFileException when the name is not on the allowlist
     */
    static PickleGlobal admit(String module, String name, String where) {
        PickleGlobal g = new PickleGlobal(module, name);
        boolean allowed = CALLABLES.contains(g.qualifiedName())
                || TorchStorageType.of(g).isPresent()
                || (module.equals("torch") && DTYPES.contains(name));
        if (!allowed) {
            throw new CorruptFileException(where + ": the pickle references the global '" + g.qualifiedName()
                    + "', which a PyTorch state_dict does not need; it is refused (nothing was executed)");
        }
        return g;
    }

    /**
     * REDUCE: applies an admitted callable to its arguments.
     *
     * @param callable the global on the stack
     * @param args the argument tuple
     * @param where file, for messages
     * @return the result
     */
    static Object call(PickleGlobal callable, PickleTuple args, String where) {
        switch (callable.qualifiedName()) {
            case REBUILD_TENSOR_V2 -> {
                requireArgs(callable, args, 6, 7, where);
                return rebuildTensor(args, where);
            }
            case REBUILD_TENSOR -> {
                requireArgs(callable, args, 4, 4, where);
                return rebuildTensor(args, where);
            }
            case REBUILD_PARAMETER -> {
                requireArgs(callable, args, 3, 3, where);
                return requireTensor(args.get(0), callable, where);
            }
            case REBUILD_PARAMETER_WITH_STATE -> {
                requireArgs(callable, args, 4, 4, where);
                return requireTensor(args.get(0), callable, where);
            }
            case ORDERED_DICT -> {
                return newOrderedDict(args, where);
            }
            default -> throw new CorruptFileException(where + ": the pickle calls '" + callable.qualifiedName()
                    + "', which is not callable in a state_dict; refused");
        }
    }

    /**
     * NEWOBJ: {@code cls.__new__(cls, *args)}, allowed for OrderedDict only.
     *
     * @param cls the class on the stack
     * @param args the argument tuple
     * @param where file, for messages
     * @return the new object
     */
    static Object instantiate(PickleGlobal cls, PickleTuple args, String where) {
        if (!cls.qualifiedName().equals(ORDERED_DICT)) {
            throw new CorruptFileException(where + ": the pickle instantiates '" + cls.qualifiedName()
                    + "'; only collections.OrderedDict may be created; refused");
        }
        return new PickleDict();
    }

    private static PickleDict newOrderedDict(PickleTuple args, String where) {
        PickleDict dict = new PickleDict();
        if (args.size() == 0) {
            return dict;
        }
        if (args.size() == 1 && args.get(0) instanceof PickleList pairs) {
            for (Object pair : pairs.items()) {
                if (!(pair instanceof PickleTuple kv) || kv.size() != 2) {
                    throw new CorruptFileException(where + ": OrderedDict argument is not a list of pairs");
                }
                dict.items().put(RestrictedUnpickler.requireKey(kv.get(0), where), kv.get(1));
            }
            return dict;
        }
        throw new CorruptFileException(where + ": OrderedDict called with " + args.size()
                + " unexpected arguments");
    }

    private static TensorRef rebuildTensor(PickleTuple args, String where) {
        if (!(args.get(0) instanceof StorageRef storage)) {
            throw new CorruptFileException(where + ": tensor rebuild expects a storage, got "
                    + RestrictedUnpickler.describe(args.get(0)));
        }
        long offset = requireLong(args.get(1), "storage offset", where);
        long[] shape = longTuple(args.get(2), "size", where);
        long[] stride = longTuple(args.get(3), "stride", where);
        StridedLayout layout;
        try {
            layout = new StridedLayout(offset, shape, stride);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(where + ": tensor over storage '" + storage.key() + "': "
                    + e.getMessage());
        }
        if (layout.extent() > storage.numel()) {
            throw new CorruptFileException(where + ": a tensor reaches element " + layout.extent()
                    + " of storage '" + storage.key() + "', which holds " + storage.numel() + " elements");
        }
        return new TensorRef(storage, layout);
    }

    private static TensorRef requireTensor(Object o, PickleGlobal callable, String where) {
        if (o instanceof TensorRef t) {
            return t;
        }
        throw new CorruptFileException(where + ": " + callable.qualifiedName() + " expects a tensor, got "
                + RestrictedUnpickler.describe(o));
    }

    private static void requireArgs(PickleGlobal callable, PickleTuple args, int min, int max, String where) {
        if (args.size() < min || args.size() > max) {
            throw new CorruptFileException(where + ": " + callable.qualifiedName() + " called with "
                    + args.size() + " arguments, expected " + (min == max ? min : min + " to " + max));
        }
    }

    private static long requireLong(Object o, String what, String where) {
        if (o instanceof Long l) {
            return l;
        }
        throw new CorruptFileException(where + ": tensor " + what + " is " + RestrictedUnpickler.describe(o)
                + ", not an int");
    }

    private static long[] longTuple(Object o, String what, String where) {
        if (!(o instanceof PickleTuple t)) {
            throw new CorruptFileException(where + ": tensor " + what + " is " + RestrictedUnpickler.describe(o)
                    + ", not a tuple");
        }
        List<Object> items = t.items();
        if (items.size() > StridedLayout.MAX_RANK) {
            throw new CorruptFileException(where + ": tensor " + what + " has rank " + items.size());
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = requireLong(items.get(i), what, where);
        }
        return out;
    }
}

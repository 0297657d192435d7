package ai.tvlt.weights.torch;

import ai.tvlt.core.error.CorruptFileException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pickle virtual machine that executes nothing: it understands the opcodes a {@code torch.save}d
 * state_dict uses (protocols 2 to 5) and builds a graph of inert values (String, Long, Double, Boolean,
 * byte[], {@link PickleNone}, {@link PickleTuple}, {@link PickleList}, {@link PickleDict},
 * {@link PickleGlobal}) plus what the persistent-id loader and {@link TorchGlobals} make of storages and
 * tensors. Globals outside the allowlist, calls of anything but the allowlisted rebuilders and every
 * other opcode are refused with a {@link CorruptFileException}.
 *
 * <p>Hostile input cannot exhaust the JVM: the machine is iterative (no recursion however deep the
 * nesting), operand lengths are checked against the remaining input, and the stack, the mark stack and
 * the memo are capped. Values use identity equality and are never printed recursively.
 *
 * <p>Not thread-safe; one instance per pickle.
 */
final class RestrictedUnpickler {

    /** Cap on stack and memo entries; a state_dict pickle needs a few per tensor. */
    static final int MAX_ITEMS = 1 << 22;
    /** Longest GLOBAL module or name line. */
    private static final int MAX_GLOBAL_LINE = 512;

    private final ByteBuffer in;
    private final String where;
    private final Function<PickleTuple, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private int[] marks = new int[16];
    private int markCount;
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param pickle the pickle bytes (read from position to limit)
     * @param where the file, for messages
     * @param persistentLoad resolves a BINPERSID id tuple to an object (the checkpoint's storages)
     */
    RestrictedUnpickler(ByteBuffer pickle, String where, Function<PickleTuple, Object> persistentLoad) {
        this.in = pickle.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.where = where;
        this.persistentLoad = persistentLoad;
    }

    /**
     * Runs the pickle to its STOP opcode.
     *
     * @return the unpickled top-level object
     * @throws CorruptFileException on anything malformed or not allowed
     */
    Object load() {
        while (true) {
            if (!in.hasRemaining()) {
                throw corrupt("the pickle ends without a STOP opcode");
            }
            int at = in.position();
            int op = in.get() & 0xFF;
            if (op == '.') {
                if (stack.size() != 1 || markCount != 0) {
                    throw corrupt("STOP with " + stack.size() + " values and " + markCount
                            + " open marks on the stack");
                }
                return stack.get(0);
            }
            execute(op, at);
        }
    }

    private void execute(int op, int at) {
        switch (op) {
            case 0x80 -> protocol();
            case 0x95 -> bytes(8, "FRAME"); // frame length: the whole pickle is already in memory
            case '(' -> mark();
            case '0' -> pop();
            case '1' -> popMark();
            case '2' -> push(peek());
            case '}' -> push(new PickleDict());
            case ']' -> push(new PickleList());
            case ')' -> push(PickleTuple.EMPTY);
            case 'd' -> push(dictOf(popMark()));
            case 'l' -> push(listOf(popMark()));
            case 't' -> push(new PickleTuple(popMark()));
            case 0x85 -> push(tupleOfTop(1));
            case 0x86 -> push(tupleOfTop(2));
            case 0x87 -> push(tupleOfTop(3));
            case 's' -> setItems(popN(2), at);
            case 'u' -> setItems(popMark(), at);
            case 'a' -> append(popN(1), at);
            case 'e' -> append(popMark(), at);
            case 'q' -> memoPut(u8());
            case 'r' -> memoPut(u32());
            case 0x94 -> memoPut(memo.size());
            case 'h' -> memoGet(u8(), at);
            case 'j' -> memoGet(u32(), at);
            case 'J' -> push((long) bytes(4, "BININT").getInt(0));
            case 'K' -> push((long) u8());
            case 'M' -> push((long) Short.toUnsignedInt(bytes(2, "BININT2").getShort(0)));
            case 0x8a -> push(longOf(u8(), at));
            case 0x8b -> push(longOf(length(u32(), "LONG4"), at));
            case 'G' -> push(bytes(8, "BINFLOAT").order(ByteOrder.BIG_ENDIAN).getDouble(0));
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'N' -> push(PickleNone.NONE);
            case 'X' -> push(utf8(length(u32(), "BINUNICODE")));
            case 0x8c -> push(utf8(u8()));
            case 0x8d -> push(utf8(length(in.remaining() < 8 ? -1 : in.getLong(), "BINUNICODE8")));
            case 'T' -> push(latin1(length(bytes(4, "BINSTRING").getInt(0), "BINSTRING")));
            case 'U' -> push(latin1(u8()));
            case 'B' -> push(byteArray(length(u32(), "BINBYTES")));
            case 'C' -> push(byteArray(u8()));
            case 0x8e -> push(byteArray(length(in.remaining() < 8 ? -1 : in.getLong(), "BINBYTES8")));
            case 'c' -> push(TorchGlobals.admit(line(), line(), where));
            case 0x93 -> stackGlobal(at);
            case 'R' -> reduce(at);
            case 0x81 -> newObject(at);
            case 'b' -> build(at);
            case 'Q' -> persistent(at);
            default -> throw corrupt(String.format("unsupported pickle opcode 0x%02x at byte %d", op, at));
        }
    }

    private void protocol() {
        int version = u8();
        if (version < 2 || version > 5) {
            throw corrupt("unsupported pickle protocol " + version);
        }
    }

    private void mark() {
        if (markCount == marks.length) {
            if (marks.length >= MAX_ITEMS) {
                throw corrupt("more than " + MAX_ITEMS + " nested marks");
            }
            marks = java.util.Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    private List<Object> popMark() {
        if (markCount == 0) {
            throw corrupt("an opcode needs a MARK but none is open");
        }
        int start = marks[--markCount];
        List<Object> top = stack.subList(start, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private List<Object> popN(int n) {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() - floor < n) {
            throw corrupt("stack underflow: an opcode needs " + n + " values");
        }
        List<Object> top = stack.subList(stack.size() - n, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private Object pop() {
        return popN(1).get(0);
    }

    private Object peek() {
        int floor = markCount == 0 ? 0 : marks[markCount - 1];
        if (stack.size() <= floor) {
            throw corrupt("stack underflow: an opcode needs a value");
        }
        return stack.get(stack.size() - 1);
    }

    private void push(Object value) {
        if (stack.size() >= MAX_ITEMS) {
            throw corrupt("more than " + MAX_ITEMS + " values on the pickle stack");
        }
        stack.add(value);
    }

    private PickleTuple tupleOfTop(int n) {
        return new PickleTuple(popN(n));
    }

    private PickleDict dictOf(List<Object> keyValues) {
        PickleDict dict = new PickleDict();
        putPairs(dict, keyValues);
        return dict;
    }

    private PickleList listOf(List<Object> items) {
        PickleList list = new PickleList();
        list.items().addAll(items);
        return list;
    }

    private void setItems(List<Object> keyValues, int at) {
        Object target = peek();
        if (!(target instanceof PickleDict dict)) {
            throw corrupt("SETITEM(S) at byte " + at + " on " + describe(target) + ", not a dict");
        }
        putPairs(dict, keyValues);
    }

    private void putPairs(PickleDict dict, List<Object> keyValues) {
        if (keyValues.size() % 2 != 0) {
            throw corrupt("odd number of values for dict items");
        }
        for (int i = 0; i < keyValues.size(); i += 2) {
            dict.items().put(requireKey(keyValues.get(i), where), keyValues.get(i + 1));
        }
    }

    private void append(List<Object> items, int at) {
        Object target = peek();
        if (!(target instanceof PickleList list)) {
            throw corrupt("APPEND(S) at byte " + at + " on " + describe(target) + ", not a list");
        }
        if (list.items().size() + items.size() > MAX_ITEMS) {
            throw corrupt("a list grows beyond " + MAX_ITEMS + " items");
        }
        list.items().addAll(items);
    }

    private void memoPut(long index) {
        if (memo.size() >= MAX_ITEMS && !memo.containsKey(index)) {
            throw corrupt("more than " + MAX_ITEMS + " memo entries");
        }
        memo.put(index, peek());
    }

    private void memoGet(long index, int at) {
        Object value = memo.get(index);
        if (value == null) {
            throw corrupt("memo index " + index + " read at byte " + at + " was never stored");
        }
        push(value);
    }

    private void stackGlobal(int at) {
        List<Object> names = popN(2);
        if (!(names.get(0) instanceof String module) || !(names.get(1) instanceof String name)) {
            throw corrupt("STACK_GLOBAL at byte " + at + " needs two strings");
        }
        push(TorchGlobals.admit(module, name, where));
    }

    private void reduce(int at) {
        List<Object> top = popN(2);
        Object callable = top.get(0);
        if (!(callable instanceof PickleGlobal global)) {
            throw corrupt("REDUCE at byte " + at + " calls " + describe(callable) + ", which is not callable");
        }
        if (!(top.get(1) instanceof PickleTuple args)) {
            throw corrupt("REDUCE at byte " + at + " has arguments that are not a tuple");
        }
        push(TorchGlobals.call(global, args, where));
    }

    private void newObject(int at) {
        List<Object> top = popN(2);
        if (!(top.get(0) instanceof PickleGlobal cls) || !(top.get(1) instanceof PickleTuple args)) {
            throw corrupt("NEWOBJ at byte " + at + " needs a class and an argument tuple");
        }
        push(TorchGlobals.instantiate(cls, args, where));
    }

    /**
     * BUILD: only {@code OrderedDict.__setstate__}-style attribute updates (a state_dict's
     * {@code _metadata}) are accepted; they are kept but carry no tensors.
     */
    private void build(int at) {
        Object state = pop();
        Object target = peek();
        if (!(target instanceof PickleDict dict)) {
            throw corrupt("BUILD at byte " + at + " on " + describe(target) + "; only dict attributes may be set");
        }
        PickleDict attributes = state instanceof PickleTuple slots && slots.size() == 2
                && slots.get(0) == PickleNone.NONE ? asDict(slots.get(1), at) : asDict(state, at);
        if (attributes != null) {
            dict.attributes().putAll(attributes.items());
        }
    }

    private PickleDict asDict(Object state, int at) {
        if (state == PickleNone.NONE) {
            return null;
        }
        if (state instanceof PickleDict d) {
            return d;
        }
        throw corrupt("BUILD at byte " + at + " with a state of " + describe(state));
    }

    private void persistent(int at) {
        Object pid = pop();
        if (!(pid instanceof PickleTuple id)) {
            throw corrupt("persistent id at byte " + at + " is " + describe(pid) + ", not a tuple");
        }
        push(persistentLoad.apply(id));
    }

    private Object longOf(int n, int at) {
        if (n == 0) {
            return 0L;
        }
        byte[] le = new byte[n];
        bytes(n, "LONG").get(le);
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = le[n - 1 - i];
        }
        BigInteger value = new BigInteger(be);
        if (value.bitLength() > 63) {
            throw corrupt("integer at byte " + at + " does not fit in 64 bits");
        }
        return value.longValue();
    }

    private int u8() {
        return bytes(1, "operand").get(0) & 0xFF;
    }

    private long u32() {
        return Integer.toUnsignedLong(bytes(4, "operand").getInt(0));
    }

    /** Checks a declared operand length against the bytes left before trusting it. */
    private int length(long declared, String opcode) {
        if (declared < 0 || declared > in.remaining()) {
            throw corrupt(opcode + " declares " + declared + " bytes but only " + in.remaining() + " remain");
        }
        return (int) declared;
    }

    private ByteBuffer bytes(int n, String what) {
        if (in.remaining() < n) {
            throw corrupt("the pickle is truncated inside a " + what);
        }
        ByteBuffer b = in.slice(in.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + n);
        return b;
    }

    private String utf8(int n) {
        ByteBuffer b = bytes(n, "string");
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(b).toString();
        } catch (CharacterCodingException e) {
            throw corrupt("a string is not valid UTF-8");
        }
    }

    private String latin1(int n) {
        return StandardCharsets.ISO_8859_1.decode(bytes(n, "string")).toString();
    }

    private byte[] byteArray(int n) {
        byte[] out = new byte[n];
        bytes(n, "bytes").get(out);
        return out;
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (!in.hasRemaining()) {
                throw corrupt("the pickle is truncated inside a GLOBAL");
            }
            byte b = in.get();
            if (b == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_GLOBAL_LINE || b < 0x20 || b > 0x7e) {
                throw corrupt("a GLOBAL name is not a printable ASCII line of at most " + MAX_GLOBAL_LINE
                        + " characters");
            }
            sb.append((char) b);
        }
    }

    /**
     * Restricts dict keys to scalars, so that hashing a key never walks a (possibly deep or cyclic) graph.
     *
     * @param key a candidate key
     * @param where file, for messages
     * @return the key
     */
    static Object requireKey(Object key, String where) {
        if (key instanceof String || key instanceof Long || key instanceof Double || key instanceof Boolean
                || key == PickleNone.NONE) {
            return key;
        }
        throw new CorruptFileException(where + ": a dict key is " + describe(key) + "; only str, int, float, bool"
                + " and None keys are accepted");
    }

    /**
     * A one-line description of a value that never recurses into it.
     *
     * @param value an unpickled value
     * @return e.g. {@code "a tuple of 3 items"}
     */
    static String describe(Object value) {
        if (value instanceof String) {
            return "a str";
        } else if (value instanceof Long) {
            return "an int";
        } else if (value instanceof Double) {
            return "a float";
        } else if (value instanceof Boolean) {
            return "a bool";
        } else if (value instanceof byte[]) {
            return "bytes";
        } else if (value == PickleNone.NONE) {
            return "None";
        } else if (value instanceof PickleTuple t) {
            return "a tuple of " + t.size() + " items";
        } else if (value instanceof PickleList l) {
            return "a list of " + l.items().size() + " items";
        } else if (value instanceof PickleDict d) {
            return "a dict of " + d.items().size() + " items";
        } else if (value instanceof PickleGlobal g) {
            return "the global " + g.qualifiedName();
        } else if (value instanceof StorageRef s) {
            return "storage '" + s.key() + "'";
        } else if (value instanceof TensorRef) {
            return "a tensor";
        }
        return "an unknown value";
    }

    private CorruptFileException corrupt(String what) {
        return new CorruptFileException(where + ": " + what);
    }
}

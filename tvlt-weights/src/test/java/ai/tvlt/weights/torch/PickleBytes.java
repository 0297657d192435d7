package ai.tvlt.weights.torch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, so tests can build exactly the (possibly hostile) pickle they need. */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes protocol2() {
        return new PickleBytes().op(0x80).op(2);
    }

    PickleBytes op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes emptyDict() {
        return op('}');
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        out.writeBytes(b);
        return this;
    }

    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }
        op(0x8a).op(8);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        return this;
    }

    PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBytes tuple(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return op('t');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes setItems() {
        return op('u');
    }

    PickleBytes stop() {
        return op('.');
    }

    /**
     * Emits the value torch.save writes for one tensor:
     * {@code _rebuild_tensor_v2(persistent_load(('storage', torch.<type>, key, 'cpu', numel)), offset,
     * shape, stride, False, OrderedDict())}.
     */
    PickleBytes tensor(String storageType, String key, long numel, long offset, long[] shape, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).op('t');
        op('Q');
        integer(offset);
        tuple(shape);
        tuple(stride);
        op(0x89);
        global("collections", "OrderedDict").emptyTuple().reduce();
        op('t');
        return reduce();
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}

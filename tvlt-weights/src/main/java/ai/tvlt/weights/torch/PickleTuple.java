package ai.tvlt.weights.torch;

import java.util.List;

/**
 * A Python tuple produced by the unpickler. Equality is identity on purpose: a hostile pickle can nest
 * tuples arbitrarily deep, and structural equals/hashCode would recurse.
 */
final class PickleTuple {

    static final PickleTuple EMPTY = new PickleTuple(List.of());

    private final List<Object> items;

    PickleTuple(List<Object> items) {
        this.items = List.copyOf(items);
    }

    List<Object> items() {
        return items;
    }

    int size() {
        return items.size();
    }

    Object get(int i) {
        return items.get(i);
    }
}

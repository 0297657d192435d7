package ai.tvlt.weights.torch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python dict or {@code collections.OrderedDict} produced by the unpickler, in insertion order. Keys are
 * restricted to scalars (see {@link RestrictedUnpickler}) so hashing never recurses. Attributes set by
 * BUILD (the {@code _metadata} of a module's state_dict) are kept apart from the items.
 */
final class PickleDict {

    private final Map<Object, Object> items = new LinkedHashMap<>();
    private final Map<Object, Object> attributes = new LinkedHashMap<>();

    Map<Object, Object> items() {
        return items;
    }

    Map<Object, Object> attributes() {
        return attributes;
    }
}

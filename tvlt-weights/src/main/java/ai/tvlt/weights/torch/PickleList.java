package ai.tvlt.weights.torch;

import java.util.ArrayList;
import java.util.List;

/** A Python list produced by the unpickler (mutable while unpickling; identity equality, see {@link PickleTuple}). */
final class PickleList {

    private final List<Object> items = new ArrayList<>();

    List<Object> items() {
        return items;
    }
}

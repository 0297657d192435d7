package ai.tvlt.models.tvlt;

import ai.tvlt.weights.TensorStore;
import ai.tvlt.weights.safetensors.TensorInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** A view of a store without the keys under some prefixes (for checkpoints of other task settings). */
final class FilteredTensorStore implements TensorStore {

    private final TensorStore store;
    private final List<String> hidden;

    FilteredTensorStore(TensorStore store, String... hiddenPrefixes) {
        this.store = store;
        this.hidden = List.of(hiddenPrefixes);
    }

    private boolean visible(String name) {
        return hidden.stream().noneMatch(name::startsWith);
    }

    @Override
    public SortedSet<String> names() {
        TreeSet<String> out = new TreeSet<>();
        store.names().stream().filter(this::visible).forEach(out::add);
        return out;
    }

    @Override
    public TensorInfo info(String name) {
        if (!visible(name)) {
            throw new IllegalArgumentException("hidden tensor " + name);
        }
        return store.info(name);
    }

    @Override
    public ByteBuffer rawData(String name) {
        if (!visible(name)) {
            throw new IllegalArgumentException("hidden tensor " + name);
        }
        return store.rawData(name);
    }

    @Override
    public Map<String, String> metadata() {
        return store.metadata();
    }

    @Override
    public void close() {
        store.close();
    }
}

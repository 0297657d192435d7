package ai.tvlt.examples.cli.index;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.models.pipeline.Pooling;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model that made an index's vectors, kept in the index (Lucene commit data) so that a search never
 * compares vectors of two models. Two models are the same when their checkpoint {@link CheckpointFingerprint
 * fingerprints}, poolings and dimensions are equal; the name and revision are what the user gave and what the
 * hub resolved, shown in messages.
 *
 * @param name the {@code --model} argument (a hub id or a folder)
 * @param revision the hub commit of the checkpoint, or {@code local} for a folder outside the hub cache
 * @param fingerprint the checkpoint's {@link CheckpointFingerprint}
 * @param pooling how hidden states became a vector
 * @param dimension the vector size
 */
public record IndexedModel(String name, String revision, String fingerprint, Pooling pooling, int dimension) {

    private static final String FORMAT_KEY = "tvlt.index.format";
    private static final String FORMAT = "1";
    private static final String NAME = "tvlt.model";
    private static final String REVISION = "tvlt.revision";
    private static final String FINGERPRINT = "tvlt.fingerprint";
    private static final String POOLING = "tvlt.pooling";
    private static final String DIMENSION = "tvlt.dimension";

    /** Checks the fields. */
    public IndexedModel {
        InvalidInputException.requireNonNull(name, "name");
        InvalidInputException.requireNonNull(revision, "revision");
        InvalidInputException.requireNonNull(fingerprint, "fingerprint");
        InvalidInputException.requireNonNull(pooling, "pooling");
        if (dimension < 1) {
            throw new InvalidInputException("the vector dimension must be positive, got " + dimension);
        }
    }

    /**
     * Describes a loaded checkpoint.
     *
     * @param name the {@code --model} argument as given
     * @param checkpoint the resolved checkpoint folder
     * @param pooling the embedder's pooling
     * @param dimension the embedder's vector size
     * @return the model, with its fingerprint read from the folder
     */
    public static IndexedModel of(String name, Path checkpoint, Pooling pooling, int dimension) {
        return new IndexedModel(name, revisionOf(checkpoint), CheckpointFingerprint.of(checkpoint), pooling, dimension);
    }

    /** A folder {@code .../snapshots/<commit>} of the Hugging Face cache names its commit. */
    private static String revisionOf(Path checkpoint) {
        Path folder = checkpoint.toAbsolutePath().normalize();
        Path parent = folder.getParent();
        boolean snapshot = parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("snapshots") && folder.getFileName() != null;
        return snapshot ? folder.getFileName().toString() : "local";
    }

    /**
     * Refuses to compare this index's vectors with those of another model.
     *
     * @param query the model that embeds the queries
     * @param index the index folder, for the message
     * @throws InvalidInputException naming both models when they differ
     */
    public void requireSameAs(IndexedModel query, Path index) {
        if (dimension != query.dimension || pooling != query.pooling || !fingerprint.equals(query.fingerprint)) {
            throw new InvalidInputException("index " + index + " was built with " + describe() + "; the model "
                    + query.describe() + " gives other vectors: search it with the model it was built with, or"
                    + " rebuild it with 'tvlt index DIR --model " + query.name + " --out " + index + "'");
        }
    }

    /** @return name, revision, pooling and dimension in a few words */
    public String describe() {
        return name + (revision.equals("local") ? "" : " (revision " + revision + ")") + ", " + pooling.cliName()
                + " pooling, " + dimension + " dimensions";
    }

    /** @return the commit data that stores this model */
    Map<String, String> toCommitData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(FORMAT_KEY, FORMAT);
        data.put(NAME, name);
        data.put(REVISION, revision);
        data.put(FINGERPRINT, fingerprint);
        data.put(POOLING, pooling.cliName());
        data.put(DIMENSION, Integer.toString(dimension));
        return data;
    }

    /**
     * @param data a Lucene commit's user data
     * @param index the index folder, for the message
     * @return the model it names
     * @throws CorruptFileException when the data is not that of a {@code tvlt index}
     */
    static IndexedModel fromCommitData(Map<String, String> data, Path index) {
        if (!FORMAT.equals(data.get(FORMAT_KEY))) {
            throw new CorruptFileException("folder " + index + " holds a Lucene index that 'tvlt index' did not write"
                    + (data.containsKey(FORMAT_KEY) ? " (format " + data.get(FORMAT_KEY) + ", expected " + FORMAT + ")"
                    : "") + "; build one with 'tvlt index DIR --model M --out " + index + "'");
        }
        try {
            return new IndexedModel(required(data, NAME, index), required(data, REVISION, index),
                    required(data, FINGERPRINT, index), Pooling.parse(required(data, POOLING, index)),
                    Integer.parseInt(required(data, DIMENSION, index)));
        } catch (InvalidInputException | NumberFormatException e) {
            throw new CorruptFileException("index " + index + " has damaged model data: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> data, String key, Path index) {
        String value = data.get(key);
        if (value == null) {
            throw new CorruptFileException("index " + index + " has no '" + key + "' in its commit data");
        }
        return value;
    }
}

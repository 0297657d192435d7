package ai.tvlt.examples.cli.index;

import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.clip.ClipSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes a new clip index: one Lucene document per clip with its id (a keyword), its vector (a
 * {@link KnnFloatVectorField}, which Lucene indexes as an HNSW graph, compared by cosine), its thumbnail
 * (stored bytes) and the absolute paths of its media (for the matching head's rerank); the {@link IndexedModel}
 * goes into the commit data. Nothing is visible until {@link #commit()}: closing without it leaves the folder's
 * previous index (if any) as it was.
 *
 * <p>Not thread-safe: one thread adds the clips.
 */
public final class ClipIndexWriter implements AutoCloseable {

    /** Keyword field of the clip id (indexed and stored). */
    static final String ID = "id";
    /** The vector field. */
    static final String VECTOR = "vector";
    /** Stored field of the clip's video file or folder (absolute path). */
    static final String VIDEO = "video";
    /** Stored field of the clip's audio file (absolute path). */
    static final String AUDIO = "audio";
    /** Stored field of the thumbnail's JPEG bytes. */
    static final String THUMBNAIL = "thumbnail";
    /** How vectors are compared. */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.COSINE;

    private final Path folder;
    private final Directory directory;
    private final IndexWriter writer;
    private final IndexedModel model;
    private final Set<String> ids = new HashSet<>();
    private boolean committed;

    private ClipIndexWriter(Path folder, Directory directory, IndexWriter writer, IndexedModel model) {
        this.folder = folder;
        this.directory = directory;
        this.writer = writer;
        this.model = model;
    }

    /**
     * Starts a new index in a folder (created when missing; an index already there is replaced at
     * {@link #commit()}).
     *
     * @param folder the index folder
     * @param model the model of the vectors to come
     * @return the writer; call {@link #commit()} after the last {@link #add}, then close it
     * @throws UncheckedIOException when the folder cannot be written or another writer holds it
     */
    public static ClipIndexWriter create(Path folder, IndexedModel model) {
        Directory directory = null;
        try {
            directory = FSDirectory.open(folder);
            IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setCommitOnClose(false);
            return new ClipIndexWriter(folder, directory, new IndexWriter(directory, config), model);
        } catch (IOException e) {
            if (directory != null) {
                try {
                    directory.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot create the index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** @return how many clips were added */
    public int count() {
        return ids.size();
    }

    /**
     * Adds one clip.
     *
     * @param clip its id, unique in the index, and its media
     * @param vector its embedding: {@link IndexedModel#dimension()} finite values, not all zero
     * @param thumbnail its picture (JPEG bytes)
     * @throws InvalidInputException for a repeated id or a vector that does not fit
     */
    public void add(ClipSource clip, float[] vector, byte[] thumbnail) {
        String id = clip.id();
        checkVector(id, vector);
        if (!ids.add(id)) {
            throw new InvalidInputException("two clips are named '" + id + "'; ids must be unique in an index");
        }
        Document doc = new Document();
        doc.add(new StringField(ID, id, Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, vector, SIMILARITY));
        doc.add(new StoredField(THUMBNAIL, thumbnail));
        doc.add(new StoredField(VIDEO, clip.video().toAbsolutePath().normalize().toString()));
        doc.add(new StoredField(AUDIO, clip.audio().toAbsolutePath().normalize().toString()));
        try {
            writer.addDocument(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add clip " + id + " to the index in " + folder, e);
        }
    }

    private void checkVector(String id, float[] vector) {
        if (vector.length != model.dimension()) {
            throw new InvalidInputException("clip '" + id + "': vector of size " + vector.length + ", the index holds "
                    + model.dimension());
        }
        boolean zero = true;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("clip '" + id + "': the vector has a non-finite value " + v);
            }
            zero &= v == 0;
        }
        if (zero) {
            throw new InvalidInputException("clip '" + id + "': an all-zero vector has no cosine similarity");
        }
    }

    /**
     * Makes the added clips and the model durable, replacing the folder's previous index.
     *
     * @throws UncheckedIOException when writing fails
     */
    public void commit() {
        try {
            writer.setLiveCommitData(model.toCommitData().entrySet());
            writer.forceMerge(1);
            writer.commit();
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Closes the writer; without a {@link #commit()} the added clips are discarded. */
    @Override
    public void close() {
        try (directory) {
            if (committed) {
                writer.close();
            } else {
                writer.rollback();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index in " + folder + ": " + e.getMessage(), e);
        }
    }
}

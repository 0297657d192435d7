package ai.tvlt.examples.retrieval;

import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Writes clip vectors into a new Lucene index: one document per clip with its id and media paths (stored)
 * and its vector in a {@link KnnFloatVectorField}, which Lucene indexes as an HNSW graph. An existing
 * index in the folder is replaced, but only when {@link #commit()} succeeds: closing without a commit
 * leaves the folder as it was.
 *
 * <p>Thread-safety: {@link #add} may be called from several threads at once (Lucene's
 * {@link IndexWriter} is thread-safe); {@link #commit()} and {@link #close()} once, at the end.
 */
public final class ClipIndexWriter implements AutoCloseable {

    /** Field of the clip id (indexed as a keyword and stored). */
    static final String ID = "id";
    /** Stored field of the video path. */
    static final String VIDEO = "video";
    /** Stored field of the audio path. */
    static final String AUDIO = "audio";
    /** The vector field. */
    static final String VECTOR = "vector";

    private final Path folder;
    private final Directory directory;
    private final IndexWriter writer;
    private final IndexMetadata metadata;
    private final AtomicInteger count = new AtomicInteger();
    private boolean committed;

    private ClipIndexWriter(Path folder, Directory directory, IndexWriter writer, IndexMetadata metadata) {
        this.folder = folder;
        this.directory = directory;
        this.writer = writer;
        this.metadata = metadata;
    }

    /**
     * Starts a new index in a folder (created when missing).
     *
     * @param folder the index folder
     * @param metadata the model, pooling, similarity and dimension of the vectors to come
     * @return the writer; call {@link #commit()} after the last {@link #add}, then close it
     * @throws UncheckedIOException when the folder cannot be written or is locked by another writer
     */
    public static ClipIndexWriter create(Path folder, IndexMetadata metadata) {
        Directory directory = null;
        try {
            directory = FSDirectory.open(folder);
            IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            return new ClipIndexWriter(folder, directory, new IndexWriter(directory, config), metadata);
        } catch (IOException e) {
            closeQuietly(directory, e);
            throw new UncheckedIOException("cannot create the index in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** @return the metadata the index will carry */
    public IndexMetadata metadata() {
        return metadata;
    }

    /** @return how many clips were added */
    public int count() {
        return count.get();
    }

    /**
     * Adds one clip.
     *
     * @param clip its id and media
     * @param vector its embedding, of size {@link IndexMetadata#dimension()}, finite values
     * @throws InvalidInputException for a vector of the wrong size, with a non-finite value, or (for
     *     cosine) of norm zero
     */
    public void add(IndexedClip clip, float[] vector) {
        checkVector(clip.id(), vector);
        Document doc = new Document();
        doc.add(new StringField(ID, clip.id(), Field.Store.YES));
        doc.add(new StoredField(VIDEO, clip.video().toString()));
        doc.add(new StoredField(AUDIO, clip.audio().toString()));
        doc.add(new KnnFloatVectorField(VECTOR, vector, metadata.similarity().lucene()));
        try {
            writer.addDocument(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add clip " + clip.id() + " to the index in " + folder, e);
        }
        count.incrementAndGet();
    }

    private void checkVector(String id, float[] vector) {
        if (vector.length != metadata.dimension()) {
            throw new InvalidInputException("clip " + id + ": vector of size " + vector.length + ", the index holds "
                    + metadata.dimension());
        }
        double squares = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("clip " + id + ": the vector has a non-finite value " + v);
            }
            squares += (double) v * v;
        }
        if (squares == 0 && metadata.similarity() == ClipSimilarity.COSINE) {
            throw new InvalidInputException("clip " + id + ": a zero vector has no cosine similarity");
        }
    }

    /**
     * Makes the added clips and the metadata durable; this replaces the folder's previous index.
     *
     * @throws UncheckedIOException when writing fails
     */
    public void commit() {
        try {
            writer.setLiveCommitData(metadata.toUserData().entrySet());
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

    private static void closeQuietly(Directory directory, IOException failure) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}

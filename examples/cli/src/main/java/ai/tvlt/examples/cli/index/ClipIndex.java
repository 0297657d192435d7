package ai.tvlt.examples.cli.index;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.processing.clip.ClipSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * A clip index written by {@code tvlt index} ({@link ClipIndexWriter}), opened for searching: the nearest
 * clips to a vector by cosine similarity (Lucene's HNSW search, {@link KnnFloatVectorQuery}), a clip's vector,
 * thumbnail and media by id, and the {@link IndexedModel} that made the vectors.
 *
 * <p>{@link #open} checks every file's checksum, so a damaged index is refused when it is opened, not in the
 * middle of a search.
 *
 * <p>Thread-safety: every method but {@link #close()} may be called from several threads at once (the index
 * is read-only and Lucene's {@link IndexSearcher} is thread-safe); close after the last call.
 */
public final class ClipIndex implements AutoCloseable {

    private final Path folder;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final IndexedModel model;

    private ClipIndex(Path folder, Directory directory, DirectoryReader reader, IndexedModel model) {
        this.folder = folder;
        this.directory = directory;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.model = model;
    }

    /**
     * Opens an index for searching.
     *
     * @param folder the index folder ({@code tvlt index ... --out FOLDER})
     * @return the index; close it when done
     * @throws InvalidInputException when the folder does not exist or holds no index
     * @throws CorruptFileException when the index is damaged, of another Lucene version or not written by
     *     {@code tvlt index}
     * @throws UncheckedIOException when it cannot be read
     */
    public static ClipIndex open(Path folder) {
        InvalidInputException.requireNonNull(folder, "folder");
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("index " + folder + " does not exist (build it with 'tvlt index DIR"
                    + " --model M --out " + folder + "')");
        }
        Directory directory = null;
        DirectoryReader reader = null;
        try {
            directory = FSDirectory.open(folder);
            reader = DirectoryReader.open(directory);
            for (LeafReaderContext leaf : reader.leaves()) {
                leaf.reader().checkIntegrity();
            }
            IndexedModel model = IndexedModel.fromCommitData(reader.getIndexCommit().getUserData(), folder);
            return new ClipIndex(folder, directory, reader, model);
        } catch (IndexNotFoundException e) {
            closeAfterFailure(e, reader, directory);
            throw new InvalidInputException("folder " + folder + " holds no index (build one with 'tvlt index DIR"
                    + " --model M --out " + folder + "')", e);
        } catch (CorruptIndexException e) {
            closeAfterFailure(e, reader, directory);
            throw damaged(folder, e.getOriginalMessage(), e);
        } catch (IndexFormatTooOldException | IndexFormatTooNewException e) {
            closeAfterFailure(e, reader, directory);
            throw damaged(folder, "written by another Lucene version", e);
        } catch (IOException e) {
            closeAfterFailure(e, reader, directory);
            // a file the commit names is missing (NoSuchFileException) or unreadable
            throw damaged(folder, "cannot read " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(e, reader, directory);
            throw e;
        }
    }

    private static CorruptFileException damaged(Path folder, String problem, Exception cause) {
        return new CorruptFileException("index " + folder + " is damaged (" + problem + "); rebuild it with"
                + " 'tvlt index'", cause);
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /** @return the model that made the vectors */
    public IndexedModel model() {
        return model;
    }

    /** @return the number of clips */
    public int size() {
        return reader.numDocs();
    }

    /**
     * The {@code k} clips nearest to a vector by cosine similarity, best first. The search is Lucene's HNSW
     * graph search: approximate on large indexes, exact on small ones.
     *
     * @param vector a query vector of {@link IndexedModel#dimension()} values, from the same model
     * @param k how many clips, at least 1 (all of them when the index is smaller)
     * @return the clips with their cosine similarity, best first
     * @throws InvalidInputException for a vector of the wrong size, non-finite or all zero, or k below 1
     */
    public List<Neighbour> nearest(float[] vector, int k) {
        InvalidInputException.requireNonNull(vector, "vector");
        checkQuery(vector, k);
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(ClipIndexWriter.VECTOR, vector, k), k);
            var stored = searcher.storedFields();
            List<Neighbour> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                // Lucene's cosine score is (1 + cos) / 2
                hits.add(new Neighbour(idOf(stored.document(hit.doc)), 2 * hit.score - 1));
            }
            return List.copyOf(hits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index " + folder + ": " + e.getMessage(), e);
        }
    }

    private void checkQuery(float[] vector, int k) {
        if (k < 1) {
            throw new InvalidInputException("k must be at least 1, got " + k);
        }
        if (vector.length != model.dimension()) {
            throw new InvalidInputException("query vector of size " + vector.length + "; index " + folder
                    + " holds vectors of size " + model.dimension() + " (" + model.describe() + ")");
        }
        boolean zero = true;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("the query vector has a non-finite value " + v);
            }
            zero &= v == 0;
        }
        if (zero) {
            throw new InvalidInputException("an all-zero query vector has no cosine similarity");
        }
    }

    /**
     * @param id a clip id
     * @return the clip's vector as it was indexed, empty when no clip has that id
     */
    public Optional<float[]> vectorOf(String id) {
        InvalidInputException.requireNonNull(id, "id");
        try {
            int doc = docOf(id);
            if (doc < 0) {
                return Optional.empty();
            }
            LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(ClipIndexWriter.VECTOR);
            int local = doc - leaf.docBase;
            if (values == null || values.advance(local) != local) {
                throw new CorruptFileException("index " + folder + " holds clip '" + id + "' without a vector");
            }
            return Optional.of(values.vectorValue().clone());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + id + " from the index " + folder, e);
        }
    }

    /**
     * @param id a clip id
     * @return the clip's thumbnail (JPEG bytes), empty when no clip has that id
     */
    public Optional<byte[]> thumbnail(String id) {
        InvalidInputException.requireNonNull(id, "id");
        try {
            int doc = docOf(id);
            if (doc < 0) {
                return Optional.empty();
            }
            BytesRef bytes = searcher.storedFields().document(doc).getBinaryValue(ClipIndexWriter.THUMBNAIL);
            if (bytes == null) {
                throw new CorruptFileException("index " + folder + " holds clip '" + id + "' without a thumbnail");
            }
            return Optional.of(BytesRef.deepCopyOf(bytes).bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + id + " from the index " + folder, e);
        }
    }

    /**
     * @param id a clip id
     * @return the clip's media as they were indexed (absolute paths on the machine that built the index; they
     *     may have moved since), empty when no clip has that id
     */
    public Optional<ClipSource> media(String id) {
        InvalidInputException.requireNonNull(id, "id");
        try {
            int doc = docOf(id);
            if (doc < 0) {
                return Optional.empty();
            }
            Document stored = searcher.storedFields().document(doc);
            String video = stored.get(ClipIndexWriter.VIDEO);
            String audio = stored.get(ClipIndexWriter.AUDIO);
            if (video == null || audio == null) {
                throw new CorruptFileException("index " + folder + " holds clip '" + id + "' without its media paths");
            }
            return Optional.of(new ClipSource(id, Path.of(video), Path.of(audio)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read clip " + id + " from the index " + folder, e);
        }
    }

    /** @return the document of a clip id, or -1 */
    private int docOf(String id) throws IOException {
        TopDocs top = searcher.search(new TermQuery(new Term(ClipIndexWriter.ID, id)), 1);
        return top.scoreDocs.length == 0 ? -1 : top.scoreDocs[0].doc;
    }

    private String idOf(Document doc) {
        String id = doc.get(ClipIndexWriter.ID);
        if (id == null) {
            throw new CorruptFileException("index " + folder + " holds a clip without an id");
        }
        return id;
    }

    @Override
    public void close() {
        try (directory; reader) {
            // closes both, the reader first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index " + folder, e);
        }
    }

    private static void closeAfterFailure(Exception failure, AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}

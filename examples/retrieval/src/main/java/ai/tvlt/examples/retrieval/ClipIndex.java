package ai.tvlt.examples.retrieval;

import ai.tvlt.core.error.CorruptFileException;
import ai.tvlt.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A clip index written by {@link ClipIndexWriter}, searched by vector: Lucene's approximate
 * nearest-neighbour search over the HNSW graph ({@link KnnFloatVectorQuery}).
 *
 * <p>Thread-safety: {@link #search} may be called from several threads at once (Lucene's
 * {@link IndexSearcher} is thread-safe); {@link #close()} after the last search.
 */
public final class ClipIndex implements AutoCloseable {

    private final Path folder;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final IndexMetadata metadata;

    private ClipIndex(Path folder, Directory directory, DirectoryReader reader, IndexMetadata metadata) {
        this.folder = folder;
        this.directory = directory;
        this.reader = reader;
        this.searcher = new IndexSearcher(reader);
        this.metadata = metadata;
    }

    /**
     * Opens an index for searching.
     *
     * @param folder the index folder
     * @return the index; close it when done
     * @throws InvalidInputException when the folder does not exist or holds no index
     * @throws CorruptFileException when the index is corrupt, of another Lucene version, or lacks the TVLT
     *     metadata
     */
    public static ClipIndex open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidInputException("index folder " + folder + " does not exist");
        }
        Directory directory = null;
        DirectoryReader reader = null;
        try {
            directory = FSDirectory.open(folder);
            reader = DirectoryReader.open(directory);
            IndexMetadata metadata = IndexMetadata.fromUserData(reader.getIndexCommit().getUserData(), folder);
            return new ClipIndex(folder, directory, reader, metadata);
        } catch (IndexNotFoundException e) {
            closeAfterFailure(reader, directory, e);
            throw new InvalidInputException("folder " + folder + " holds no index (run 'index' first)", e);
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException e) {
            closeAfterFailure(reader, directory, e);
            throw new CorruptFileException("index " + folder + " cannot be read: " + e.getMessage(), e);
        } catch (IOException e) {
            closeAfterFailure(reader, directory, e);
            throw new UncheckedIOException("cannot open the index " + folder + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(reader, directory, e);
            throw e;
        }
    }

    /** @return what the index was built with */
    public IndexMetadata metadata() {
        return metadata;
    }

    /** @return the number of clips */
    public int size() {
        return reader.numDocs();
    }

    /**
     * The {@code k} clips whose vectors are nearest to a query vector (approximately: HNSW), best first.
     *
     * @param vector the query vector, of size {@link IndexMetadata#dimension()}
     * @param k how many clips, at least 1 (fewer when the index is smaller)
     * @return the hits with Lucene's similarity scores, best first
     * @throws InvalidInputException for a vector of the wrong size or a k below 1
     */
    public List<Candidate> search(float[] vector, int k) {
        if (vector.length != metadata.dimension()) {
            throw new InvalidInputException("query vector of size " + vector.length + ", the index " + folder
                    + " holds vectors of size " + metadata.dimension());
        }
        if (k < 1) {
            throw new InvalidInputException("k must be at least 1, got " + k);
        }
        try {
            TopDocs top = searcher.search(new KnnFloatVectorQuery(ClipIndexWriter.VECTOR, vector, k), k);
            StoredFields stored = searcher.storedFields();
            List<Candidate> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                hits.add(new Candidate(clip(stored.document(hit.doc)), hit.score));
            }
            return List.copyOf(hits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index " + folder + ": " + e.getMessage(), e);
        }
    }

    private IndexedClip clip(Document doc) {
        String id = doc.get(ClipIndexWriter.ID);
        String video = doc.get(ClipIndexWriter.VIDEO);
        String audio = doc.get(ClipIndexWriter.AUDIO);
        if (id == null || video == null || audio == null) {
            throw new CorruptFileException("index " + folder + " has a document without id, video or audio");
        }
        return new IndexedClip(id, Path.of(video), Path.of(audio));
    }

    @Override
    public void close() {
        try (directory; reader) {
            // closes both, reader first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index " + folder, e);
        }
    }

    private static void closeAfterFailure(DirectoryReader reader, Directory directory, Exception failure) {
        for (AutoCloseable c : new AutoCloseable[] {reader, directory}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}

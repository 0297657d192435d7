package ai.tvlt.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ClipBatchesTest {

    /**
     * Embeds a clip as {id length, audio length}; throws for the whole batch when a video path contains
     * "broken", reports a clip whose video path contains "unreadable" as failed.
     */
    private static final class RecordingEmbedder implements BatchEmbedder {
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public List<ClipResult> embed(List<Clip> batch) {
            batchSizes.add(batch.size());
            List<ClipResult> out = new ArrayList<>();
            for (Clip clip : batch) {
                if (clip.video().contains("broken")) {
                    throw new InvalidInputException("cannot read " + clip.video());
                }
                out.add(clip.video().contains("unreadable") ? ClipResult.failed(clip.id(), "unreadable")
                        : ClipResult.embedded(clip.id(), expected(clip)));
            }
            return out;
        }

        static float[] expected(Clip clip) {
            return new float[] {clip.id().length(), clip.audio().length()};
        }
    }

    private static List<Clip> clips(int n) {
        List<Clip> clips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clips.add(new Clip("clip" + i, "/v/" + i, "/a/" + "x".repeat(i) + ".wav"));
        }
        return clips;
    }

    private static List<ClipResult> drain(Iterator<ClipResult> results) {
        List<ClipResult> out = new ArrayList<>();
        results.forEachRemaining(out::add);
        return out;
    }

    @Test
    void embedsEveryClipInOrderInBatchesOfTheGivenSize() {
        RecordingEmbedder embedder = new RecordingEmbedder();
        List<Clip> clips = clips(7);
        List<ClipResult> results = drain(new ClipBatches(clips.iterator(), () -> embedder, 3));

        assertEquals(List.of(3, 3, 1), embedder.batchSizes);
        assertEquals(7, results.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(clips.get(i).id(), results.get(i).id());
            assertTrue(results.get(i).ok());
            assertArrayEquals(RecordingEmbedder.expected(clips.get(i)), results.get(i).vector());
        }
    }

    @Test
    void aClipTheEmbedderReportsAsFailedBecomesAnErrorRow() {
        RecordingEmbedder embedder = new RecordingEmbedder();
        List<Clip> clips = new ArrayList<>(clips(3));
        clips.set(2, new Clip("bad", "/v/unreadable", "/a/b.wav"));
        List<ClipResult> results = drain(new ClipBatches(clips.iterator(), () -> embedder, 3));

        assertEquals(List.of(3), embedder.batchSizes, "no retry when the embedder reports the failure itself");
        assertEquals("unreadable", results.get(2).error());
        assertNull(results.get(2).vector());
        assertTrue(results.get(0).ok() && results.get(1).ok());
    }

    @Test
    void aBatchThatThrowsIsEmbeddedClipByClipSoOnlyTheBrokenClipFails() {
        RecordingEmbedder embedder = new RecordingEmbedder();
        List<Clip> clips = new ArrayList<>(clips(4));
        clips.set(1, new Clip("bad", "/v/broken", "/a/b.wav"));
        List<ClipResult> results = drain(new ClipBatches(clips.iterator(), () -> embedder, 4));

        assertEquals(List.of(4, 1, 1, 1, 1), embedder.batchSizes, "the failed batch is retried clip by clip");
        assertEquals(List.of("clip0", "bad", "clip2", "clip3"), results.stream().map(ClipResult::id).toList());
        ClipResult bad = results.get(1);
        assertFalse(bad.ok());
        assertNull(bad.vector());
        assertEquals("cannot read /v/broken", bad.error());
        assertArrayEquals(RecordingEmbedder.expected(clips.get(3)), results.get(3).vector());
    }

    @Test
    void rowsWithoutAPathFailWithoutReachingTheEmbedder() {
        RecordingEmbedder embedder = new RecordingEmbedder();
        List<Clip> clips = List.of(new Clip("a", null, "/a.wav"), new Clip("b", "/v", " "), clips(1).get(0));
        List<ClipResult> results = drain(new ClipBatches(clips.iterator(), () -> embedder, 8));

        assertEquals(List.of(1), embedder.batchSizes);
        assertEquals("the row has no video path", results.get(0).error());
        assertEquals("the row has no audio path", results.get(1).error());
        assertTrue(results.get(2).ok());
    }

    @Test
    void readsOnlyOneBatchAheadAndLoadsTheModelOnlyForAClipToEmbed() {
        AtomicInteger pulled = new AtomicInteger();
        Iterator<Clip> source = clips(100).iterator();
        Iterator<Clip> counting = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public Clip next() {
                pulled.incrementAndGet();
                return source.next();
            }
        };
        AtomicInteger loads = new AtomicInteger();
        RecordingEmbedder embedder = new RecordingEmbedder();
        Supplier<BatchEmbedder> model = () -> {
            loads.incrementAndGet();
            return embedder;
        };
        ClipBatches results = new ClipBatches(counting, model, 5);
        assertEquals(0, pulled.get(), "nothing is read before it is asked for");
        results.next();
        assertEquals(5, pulled.get());
        for (int i = 0; i < 5; i++) {
            results.next();
        }
        assertEquals(10, pulled.get());

        AtomicInteger emptyLoads = new AtomicInteger();
        assertFalse(new ClipBatches(List.<Clip>of().iterator(), () -> {
            emptyLoads.incrementAndGet();
            return embedder;
        }, 5).hasNext());
        assertEquals(0, emptyLoads.get(), "an empty partition never loads the model");
    }

    @Test
    void anEmbedderReturningResultsThatDoNotMatchTheBatchFailsTheTask() {
        BatchEmbedder shortBy1 = batch -> batch.subList(1, batch.size()).stream()
                .map(c -> ClipResult.embedded(c.id(), RecordingEmbedder.expected(c))).toList();
        ClipBatches results = new ClipBatches(clips(3).iterator(), () -> shortBy1, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, results::next);
        assertEquals("the embedder returned 2 results for a batch of 3 clips", e.getMessage());

        BatchEmbedder reversed = batch -> batch.stream()
                .map(c -> ClipResult.embedded(c.id(), RecordingEmbedder.expected(c)))
                .sorted((a, b) -> b.id().compareTo(a.id())).toList();
        ClipBatches swapped = new ClipBatches(clips(2).iterator(), () -> reversed, 2);
        assertThrows(IllegalStateException.class, swapped::next);
    }

    @Test
    void aResultHasEitherAVectorOrAnError() {
        assertThrows(IllegalArgumentException.class, () -> new ClipResult("a", null, null));
        assertThrows(IllegalArgumentException.class, () -> new ClipResult("a", new float[1], "boom"));
    }

    @Test
    void rejectsABatchSizeBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new ClipBatches(List.<Clip>of().iterator(), null, 0));
    }
}

package ai.tvlt.examples.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import ai.tvlt.models.pipeline.EmbedderOptions;
import ai.tvlt.models.pipeline.Pooling;
import ai.tvlt.models.pipeline.TvltEmbedder;
import ai.tvlt.models.tvlt.TvltForPreTraining;
import ai.tvlt.models.tvlt.TvltForPreTrainingInput;
import ai.tvlt.processing.TvltProcessor;
import ai.tvlt.processing.TvltProcessorOutput;
import ai.tvlt.processing.audio.AudioDecoder;
import ai.tvlt.processing.audio.DecodedAudio;
import ai.tvlt.processing.clip.SampleMedia;
import ai.tvlt.processing.video.VideoLoader;
import ai.tvlt.weights.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrieval example end to end on 50 generated clips (4 frames of 64x48, 1 s of audio) and the golden
 * tiny pre-training checkpoint (it has the matching head; its processor is derived from its config):
 * {@code index} writes the index once, then every clip queried by its own media must come first, and the
 * rerank stage's scores must be the matching probabilities {@link TvltForPreTraining} gives for the same
 * pairs when called directly through the public API.
 */
class RetrievalPipelineTest {

    private static final Path CHECKPOINT = GoldenFiles.resolve("models/tiny-pretraining");
    private static final int CLIPS = 50;

    @TempDir
    static Path work;

    private static List<SampleMedia.Clip> clips;
    private static Path index;

    @BeforeAll
    static void indexSampleClips() {
        Path samples = work.resolve("samples");
        clips = new SampleMedia(4, 1.0, 64, 48).generate(samples, CLIPS);
        index = work.resolve("index");
        RetrievalRun run = RetrievalRun.of("index", "--model", CHECKPOINT.toString(), "--dir", samples.toString(),
                "--index", index.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertEquals(List.of("indexed 50 clips into " + index + " (cls pooling, euclidean similarity)"),
                run.outLines());
    }

    @Test
    void indexRecordsHowItsVectorsWereMade() {
        try (ClipIndex opened = ClipIndex.open(index)) {
            assertEquals(CLIPS, opened.size());
            assertEquals(new IndexMetadata(CHECKPOINT.toString(), Pooling.CLS, ClipSimilarity.EUCLIDEAN, 32),
                    opened.metadata());
        }
    }

    @Test
    void everyClipQueriedByItsOwnMediaComesFirst() {
        List<String> misses = new ArrayList<>();
        try (ClipIndex opened = ClipIndex.open(index);
                TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().pooling(Pooling.CLS).build())) {
            for (int i = 0; i < CLIPS; i++) {
                SampleMedia.Clip clip = clips.get(i);
                List<Candidate> hits = opened.search(embedder.embed(clip.framesFolder(), clip.audio()), 3);
                assertEquals(3, hits.size());
                IndexedClip first = hits.get(0).clip();
                if (!first.id().equals("clip" + i)) {
                    misses.add("clip" + i + " -> " + first.id());
                }
                // the same vector: distance 0, Lucene's euclidean score 1 / (1 + 0)
                assertEquals(1f, hits.get(0).similarity(), "clip" + i);
                assertEquals(clip.framesFolder().toAbsolutePath(), first.video());
                assertEquals(clip.audio().toAbsolutePath(), first.audio());
            }
        }
        assertEquals(List.of(), misses);
    }

    @Test
    void rerankScoresAreTheMatchingProbabilitiesOfThePairs() {
        SampleMedia.Clip query = clips.get(7);
        try (ClipIndex opened = ClipIndex.open(index);
                TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().pooling(Pooling.CLS).build());
                MatchingReranker reranker = MatchingReranker.fromPretrained(CHECKPOINT);
                TvltForPreTraining model = TvltForPreTraining.fromPretrained(CHECKPOINT)) {
            List<Candidate> candidates = opened.search(embedder.embed(query.framesFolder(), query.audio()), 6);
            List<RankedClip> ranked = reranker.rerank(query.audio(), candidates);
            assertEquals(ids(candidates), ids(ranked.stream().map(RankedClip::candidate).toList()));
            for (int i = 0; i < ranked.size(); i++) {
                RankedClip hit = ranked.get(i);
                assertEquals(directMatchingProbability(model, hit.candidate().clip().video(), query.audio()),
                        hit.matchingProbability(), hit.candidate().clip().id());
                if (i > 0) {
                    assertTrue(ranked.get(i - 1).matchingProbability() >= hit.matchingProbability());
                }
            }
        }
    }

    @Test
    void queryCommandPrintsRerankedThenFirstStageHits() {
        SampleMedia.Clip query = clips.get(3);
        RetrievalRun run = RetrievalRun.of("query", "--model", CHECKPOINT.toString(), "--index", index.toString(),
                "--video", query.framesFolder().toString(), "--audio", query.audio().toString(), "--k", "5",
                "--rerank", "3");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(QueryCommand.HEADER, lines.get(0));
        assertEquals(6, lines.size(), run.out());
        List<Candidate> firstStage;
        try (ClipIndex opened = ClipIndex.open(index);
                TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().pooling(Pooling.CLS).build())) {
            firstStage = opened.search(embedder.embed(query.framesFolder(), query.audio()), 5);
        }
        try (TvltForPreTraining model = TvltForPreTraining.fromPretrained(CHECKPOINT)) {
            Set<String> rerankedIds = new HashSet<>();
            for (int rank = 1; rank <= 5; rank++) {
                String[] fields = lines.get(rank).split("\t");
                assertEquals(String.valueOf(rank), fields[0]);
                if (rank <= 3) {
                    rerankedIds.add(fields[1]);
                    float expected = directMatchingProbability(model, Path.of(fields[4]), query.audio());
                    assertEquals(expected, Float.parseFloat(fields[2]), 5e-7, lines.get(rank));
                } else {
                    assertEquals(firstStage.get(rank - 1).clip().id(), fields[1]);
                    assertEquals("-", fields[2]);
                }
            }
            assertEquals(new HashSet<>(ids(firstStage.subList(0, 3))), rerankedIds);
        }
    }

    @Test
    void rerankNeedsAMatchingHead() {
        SampleMedia.Clip query = clips.get(0);
        RetrievalRun run = RetrievalRun.of("query", "--model", GoldenFiles.resolve("models/tiny-classification")
                .toString(), "--index", index.toString(), "--video", query.framesFolder().toString(), "--audio",
                query.audio().toString(), "--rerank", "2");
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("tvlt: error: reranking needs a TvltForPreTraining checkpoint"), run.err());
    }

    @Test
    void queryingAFolderWithoutIndexSaysSo() {
        SampleMedia.Clip query = clips.get(0);
        Path empty = work.resolve("samples").resolve("clip0");
        RetrievalRun run = RetrievalRun.of("query", "--model", CHECKPOINT.toString(), "--index", empty.toString(),
                "--video", query.framesFolder().toString(), "--audio", query.audio().toString());
        assertEquals(1, run.exitCode());
        assertEquals("tvlt: error: folder " + empty + " holds no index (run 'index' first)", run.err().strip());
    }

    @Test
    void aCosineIndexAlsoFindsEachClipFirst() {
        Path cosine = work.resolve("cosine-index");
        RetrievalRun run = RetrievalRun.of("index", "--model", CHECKPOINT.toString(), "--dir",
                work.resolve("samples").toString(), "--index", cosine.toString(), "--similarity", "cosine",
                "--pooling", "mean");
        assertEquals(0, run.exitCode(), run.err());
        try (ClipIndex opened = ClipIndex.open(cosine);
                TvltEmbedder embedder = TvltEmbedder.fromPretrained(CHECKPOINT,
                EmbedderOptions.builder().pooling(Pooling.MEAN).build())) {
            assertEquals(new IndexMetadata(CHECKPOINT.toString(), Pooling.MEAN, ClipSimilarity.COSINE, 32),
                    opened.metadata());
            for (int i = 0; i < CLIPS; i += 7) {
                SampleMedia.Clip clip = clips.get(i);
                List<Candidate> hits = opened.search(embedder.embed(clip.framesFolder(), clip.audio()), 2);
                assertEquals("clip" + i, hits.get(0).clip().id());
                // cos = 1: Lucene's cosine score (1 + cos) / 2
                assertEquals(1f, hits.get(0).similarity(), 1e-6f, "clip" + i);
            }
        }
        // the query command embeds with the pooling the index records
        SampleMedia.Clip query = clips.get(11);
        RetrievalRun q = RetrievalRun.of("query", "--model", CHECKPOINT.toString(), "--index", cosine.toString(),
                "--video", query.framesFolder().toString(), "--audio", query.audio().toString(), "--k", "2",
                "--rerank", "0");
        assertEquals(0, q.exitCode(), q.err());
        assertTrue(q.outLines().get(1).startsWith("1\tclip11\t-\t"), q.out());
    }

    @Test
    void badArgumentsAreNamed() {
        SampleMedia.Clip query = clips.get(0);
        String[] common = {"query", "--model", CHECKPOINT.toString(), "--index", index.toString(), "--video",
            query.framesFolder().toString(), "--audio", query.audio().toString()};
        RetrievalRun k = RetrievalRun.of(concat(common, "--k", "0"));
        assertEquals(1, k.exitCode());
        assertEquals("tvlt: error: --k must be at least 1, got 0", k.err().strip());
        RetrievalRun rerank = RetrievalRun.of(concat(common, "--rerank", "-1"));
        assertEquals("tvlt: error: --rerank must be 0 or more, got -1", rerank.err().strip());
        RetrievalRun similarity = RetrievalRun.of("index", "--model", CHECKPOINT.toString(), "--dir",
                work.resolve("samples").toString(), "--index", work.resolve("unused").toString(), "--similarity",
                "dot");
        assertEquals("tvlt: error: unknown similarity 'dot'; expected euclidean or cosine", similarity.err().strip());
        RetrievalRun missing = RetrievalRun.of("query", "--model", CHECKPOINT.toString(), "--index", index.toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("tvlt: error: Missing required options"), missing.err());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /**
     * TvltForPreTraining's matching probability for a candidate's video and the query's audio, computed as a
     * user would with the public API: TvltProcessor on the pair, then forward with both attention masks.
     */
    private static float directMatchingProbability(TvltForPreTraining model, Path video, Path audio) {
        TvltProcessor processor = TvltProcessor.fromPretrained(CHECKPOINT);
        DecodedAudio wav = AudioDecoder.read(audio);
        TvltProcessorOutput inputs = processor.process(VideoLoader.defaults().load(video, 4), wav.samples(),
                wav.samplingRate());
        return model.forward(TvltForPreTrainingInput.builder()
                        .pixelValues(inputs.pixels().pixelValues())
                        .pixelMask(floats(inputs.pixels().pixelMask()))
                        .audioValues(inputs.audio().audioValues())
                        .audioMask(inputs.audio().audioMask())
                        .build())
                .matchingProbabilities().orElseThrow().get(0);
    }

    private static FloatTensor floats(LongTensor mask) {
        long[] values = mask.data();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return FloatTensor.wrap(out, mask.shape());
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.clip().id()).sorted().toList();
    }
}

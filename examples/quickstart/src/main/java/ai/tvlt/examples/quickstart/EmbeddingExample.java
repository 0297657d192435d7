package ai.tvlt.examples.quickstart;

import ai.tvlt.models.pipeline.TvltEmbedder;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The README's quick start in runnable form: one clip to one TVLT vector, the encoder's CLS token
 * {@code last_hidden_state[0, 0]}, with the library's pipeline ({@link TvltEmbedder}): the checkpoint's
 * processor, the encoder and the pooling in one object.
 *
 * <p>Usage: {@code EmbeddingExample MODEL CLIP_FOLDER} or {@code EmbeddingExample MODEL VIDEO AUDIO.wav},
 * where MODEL is a hub id {@code owner/name[@revision]} or a checkpoint folder, CLIP_FOLDER a folder as
 * {@code tvlt samples} writes it (frames folder and one .wav) and VIDEO an image file, a folder of frames
 * or a video file. Prints the vector's size, its first values and its L2 norm.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    /**
     * @param args model, then a clip folder or a video and a WAV file
     */
    public static void main(String[] args) {
        if (args.length != 2 && args.length != 3) {
            throw new IllegalArgumentException("usage: EmbeddingExample MODEL CLIP_FOLDER | MODEL VIDEO AUDIO.wav");
        }
        // The model holds its weights in native memory: close it (try-with-resources).
        try (TvltEmbedder embedder = TvltEmbedder.fromPretrained(args[0])) {
            float[] vector = args.length == 2 ? embedder.embed(Path.of(args[1]))
                    : embedder.embed(Path.of(args[1]), Path.of(args[2]));
            print(vector);
        }
    }

    private static void print(float[] embedding) {
        double squares = 0;
        for (float v : embedding) {
            squares += (double) v * v;
        }
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < Math.min(8, embedding.length); i++) {
            first.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.6f", embedding[i]));
        }
        System.out.println("dimension: " + embedding.length);
        System.out.println("first values: " + first);
        System.out.println("norm: " + String.format(Locale.ROOT, "%.6f", Math.sqrt(squares)));
    }
}

package ai.tvlt.examples.cli;

import ai.tvlt.core.input.TvltInputs;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.examples.cli.heads.GridLayout;
import ai.tvlt.examples.cli.heads.ReconstructionGrid;
import ai.tvlt.examples.cli.model.ModelOption;
import ai.tvlt.models.pipeline.Reconstruction;
import ai.tvlt.models.pipeline.Reconstructor;
import ai.tvlt.weights.hub.HubEnvironment;
import ai.tvlt.weights.hub.ModelResolver;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tvlt reconstruct --model M --video FILE|DIR --audio FILE --out PNG [--seed N] [--scale S]
 * [--all-predicted]}: runs the masked-autoencoder branch of a TvltForPreTraining checkpoint
 * ({@link Reconstructor}; the config's {@code pixel_mask_ratio}, {@code audio_mask_ratio} and
 * {@code audio_mask_type}) and writes a PNG ({@link ReconstructionGrid}): frames original / masked /
 * reconstructed, then the spectrogram original / masked / reconstructed. Prints the file, its size, the
 * dropped patch counts and the two MAE losses.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = {"Mask a clip as in pre-training (the config's pixel_mask_ratio, audio_mask_ratio and"
                + " audio_mask_type), reconstruct it with the MAE decoder of a TvltForPreTraining checkpoint and"
                + " write a PNG: frames original / masked (dropped patches grey) / reconstructed, then the"
                + " spectrogram original / masked (dropped patches blue) / reconstructed."},
        footer = {"", "Reconstructed rows keep the visible patches of the original and show the prediction for"
                + " the dropped ones (as MAE papers show them); --all-predicted shows the prediction for every"
                + " patch.", "", "Example:",
            "  tvlt reconstruct --model ZinengTang/tvlt-base --video clip0/frames --audio clip0/audio.wav"
                    + " --out recon.png --seed 7"})
public final class ReconstructCommand implements Callable<Integer> {

    private static final String HEADLESS = "java.awt.headless";

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ModelOption model;

    @Option(names = "--video", required = true, paramLabel = "FILE|DIR",
            description = "A video file, an image file or a folder of frames (natural name order, at most"
                    + " num_frames).")
    private Path video;

    @Option(names = "--audio", required = true, paramLabel = "FILE",
            description = "A WAV file (mixed to mono, resampled to the processor's rate).")
    private Path audio;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The picture to write.")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the masking noise (default ${DEFAULT-VALUE}); the same seed drops the same patches.")
    private long seed;

    @Option(names = "--scale", paramLabel = "S", defaultValue = "1",
            description = "Enlarge every picture S times, 1 to " + GridLayout.MAX_SCALE + " (default ${DEFAULT-VALUE}).")
    private int scale;

    @Option(names = "--all-predicted",
            description = "Reconstructed rows show the prediction for every patch, not only the dropped ones.")
    private boolean allPredicted;

    /**
     * @param hubEnvironment the hub endpoint, cache folder, token and offline mode for {@code --model
     *     owner/name}, read only when a repository id is resolved
     */
    public ReconstructCommand(Supplier<HubEnvironment> hubEnvironment) {
        this.model = new ModelOption(() -> ModelResolver.forHub(hubEnvironment.get()));
    }

    @Override
    public Integer call() {
        OptionRange.check(spec, "--scale", scale, 1, GridLayout.MAX_SCALE);
        if (System.getProperty(HEADLESS) == null) {
            System.setProperty(HEADLESS, "true");
        }
        Path folder = model.folder();
        Reconstruction reconstruction;
        ReconstructionGrid grid;
        try (Reconstructor reconstructor = Reconstructor.fromPretrained(folder)) {
            grid = new ReconstructionGrid(reconstructor.media().processor().imageProcessor().config(), scale);
            TvltInputs clip = reconstructor.media().clip(video, audio);
            reconstruction = reconstructor.reconstruct(clip, seed, allPredicted);
        }
        BufferedImage image = grid.render(reconstruction);
        ReconstructionGrid.writePng(image, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s (%dx%d)%n", out, image.getWidth(), image.getHeight());
        stdout.printf(Locale.ROOT, "pixel patches dropped: %s, MAE loss %.6f%n",
                countDropped(reconstruction.pixelLabelMasks()), reconstruction.pixelLoss());
        stdout.printf(Locale.ROOT, "audio patches dropped: %s, MAE loss %.6f%n",
                countDropped(reconstruction.audioLabelMasks()), reconstruction.audioLoss());
        stdout.println("reconstructed rows: " + (allPredicted ? "prediction for every patch"
                : "visible patches from the original, dropped ones predicted"));
        stdout.flush();
        return 0;
    }

    private static String countDropped(FloatTensor labelMasks) {
        int dropped = 0;
        for (int i = 0; i < labelMasks.size(); i++) {
            dropped += labelMasks.get(i) == 1f ? 1 : 0;
        }
        return dropped + "/" + labelMasks.size();
    }
}

package ai.tvlt.processing.image;

import ai.tvlt.core.config.TvltImageProcessorConfig;
import ai.tvlt.core.error.ConfigException;
import ai.tvlt.core.error.InvalidInputException;
import ai.tvlt.core.tensor.FloatTensor;
import ai.tvlt.core.tensor.LongTensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * TVLT's image/video preprocessing, equal to transformers' {@code TvltImageProcessor} (v4.34): per frame a
 * shortest-edge resize with Pillow's resampler, a centre crop, rescaling and normalisation; per batch
 * {@code pixel_values} {@code [B, T, 3, H, W]} and {@code pixel_mask} {@code [B, T * P]}. The numerical rules are
 * those of the golden processing README ("Algorithm summary", images); uint8 results are bit-exact.
 *
 * <p>Input: a single image (a 1-frame video), a video (a list of frames) or a batch of videos. Frames are
 * {@link RgbImage} (8-bit, what decoders return; convert a {@link BufferedImage} with
 * {@link RgbImage#fromBufferedImage}) or {@link FloatImage} (floats in [0, 1]). Frames are never sampled or
 * repeated here: a video longer than {@link #numFrames()} is an error, as in the reference (sample long videos
 * with {@code ai.tvlt.processing.video}).
 *
 * <p>Differences from transformers (SPEC 1):
 * <ul>
 *   <li>Videos of different lengths in one batch are padded with all-zero frames whose {@code pixel_mask}
 *       entries are 0 (the reference cannot stack them).</li>
 *   <li>{@link FloatImage} pixels are taken as already rescaled: {@code do_rescale} does not divide them by 255
 *       a second time (the reference does, giving values near -1).</li>
 *   <li>{@code do_rescale=false} with 8-bit input and {@code do_normalize=true} normalises the raw 0..255
 *       values in float32 (the reference casts mean and std to uint8 and divides by zero).</li>
 *   <li>Grey input (one channel, or grey image files) is repeated into R, G and B.</li>
 *   <li>A {@code size} without {@code shortest_edge} is rejected by {@link #fromConfig} (the reference
 *       fails with {@code KeyError('shortest_edge')} on the first call).</li>
 * </ul>
 * Matched quirks: {@code pixel_mask} counts {@code (shortest_edge / patch_size[0])^2} patches per frame from the
 * resize size, not the crop; a crop larger than the image by an odd amount is one pixel short
 * ({@link CenterCrop}); the resize's long side is truncated, not rounded.
 *
 * <p>Immutable and thread-safe; create with {@link #defaults()}, {@link #fromJson(Path)} (a
 * {@code preprocessor_config.json}), or {@link #fromConfig}. The frames of one call
 * are processed in parallel on the common fork-join pool unless {@link #withParallelFrames} turns it off.
 */
public final class TvltImageProcessor {

    private final TvltImageProcessorConfig config;
    private final boolean parallelFrames;
    private final int shortestEdge;
    private final int cropHeight;
    private final int cropWidth;
    private final double[] imageMean;
    private final double[] imageStd;
    private final FramePreprocessor frames;

    private TvltImageProcessor(TvltImageProcessorConfig config, boolean parallelFrames) {
        this.config = config;
        this.parallelFrames = parallelFrames;
        this.shortestEdge = config.size().shortestEdge().orElseThrow(() -> new ConfigException("size must contain"
                + " 'shortest_edge' (got " + config.size() + "): TvltImageProcessor resizes the shortest edge and"
                + " counts pixel_mask patches from size['shortest_edge']"));
        this.cropHeight = config.cropSize().height().orElseThrow(() -> cropSizeError(config));
        this.cropWidth = config.cropSize().width().orElseThrow(() -> cropSizeError(config));
        this.imageMean = perChannel("image_mean", config.imageMean(), false);
        this.imageStd = perChannel("image_std", config.imageStd(), true);
        this.frames = new FramePreprocessor(this);
    }

    /** @return a processor with the reference's defaults (SPEC 6) */
    public static TvltImageProcessor defaults() {
        return fromConfig(TvltImageProcessorConfig.defaults());
    }

    /**
     * A processor with the settings of a {@code preprocessor_config.json} (or any
     * {@link TvltImageProcessorConfig}); build one with {@link TvltImageProcessorConfig#builder()}.
     *
     * @param config the settings
     * @return the processor
     * @throws ConfigException when {@code size} has no {@code shortest_edge} (the reference fails with
     *     {@code KeyError('shortest_edge')} on the first call), {@code crop_size} lacks {@code height} or
     *     {@code width}, {@code image_mean}/{@code image_std} do not have 1 or 3 values, or rescaling and
     *     normalising an 8-bit value would not give a finite float32
     */
    public static TvltImageProcessor fromConfig(TvltImageProcessorConfig config) {
        return new TvltImageProcessor(config, true);
    }

    private static ConfigException cropSizeError(TvltImageProcessorConfig config) {
        return new ConfigException("crop_size must contain 'height' and 'width' (got " + config.cropSize() + ")");
    }

    private static double[] perChannel(String key, double[] values, boolean nonZero) {
        if (values.length != 1 && values.length != 3) {
            throw new ConfigException(key + " must have 1 or 3 values, got " + Arrays.toString(values));
        }
        double[] three = values.length == 1 ? new double[] {values[0], values[0], values[0]} : values;
        for (double v : three) {
            if (nonZero && (float) v == 0f) {
                throw new ConfigException(key + " must be non-zero in float32, got " + Arrays.toString(values));
            }
        }
        return three;
    }

    /**
     * Reads the image-processor keys of a {@code preprocessor_config.json} (other keys are ignored).
     *
     * @param preprocessorConfig the file
     * @return the processor
     * @throws ConfigException for an unreadable or invalid file, or settings {@link #fromConfig} rejects
     */
    public static TvltImageProcessor fromJson(Path preprocessorConfig) {
        return fromConfig(TvltImageProcessorConfig.fromJson(preprocessorConfig));
    }

    /** @return this processor's settings (the reference's keys and values) */
    public TvltImageProcessorConfig config() {
        return config;
    }

    /**
     * The same settings, with the frames of one call processed in parallel on the common fork-join pool or
     * not (default: in parallel). Not a reference setting: results are identical either way. Turn it off
     * when the caller already keeps every core busy.
     *
     * @param value whether to process frames in parallel
     * @return a processor with that choice
     */
    public TvltImageProcessor withParallelFrames(boolean value) {
        return new TvltImageProcessor(config, value);
    }

    // ---------------------------------------------------------------- preprocessing

    /**
     * Preprocesses one image as a 1-frame video.
     *
     * @param image the image
     * @return {@code pixel_values [1, 1, 3, H, W]} and {@code pixel_mask [1, P]}
     */
    public PixelInputs preprocess(VideoFrame image) {
        return preprocess(List.of(List.of(image)));
    }

    /**
     * Preprocesses one decoded image as a 1-frame video (converted by {@link RgbImage#fromBufferedImage}).
     *
     * @param image the image
     * @return {@code pixel_values [1, 1, 3, H, W]} and {@code pixel_mask [1, P]}
     */
    public PixelInputs preprocess(BufferedImage image) {
        return preprocess(RgbImage.fromBufferedImage(image));
    }

    /**
     * Preprocesses one video.
     *
     * @param video its frames, 1 to {@link #numFrames()}
     * @return {@code pixel_values [1, T, 3, H, W]} and {@code pixel_mask [1, T * P]}
     */
    public PixelInputs preprocessVideo(List<? extends VideoFrame> video) {
        return preprocess(List.of(video));
    }

    /**
     * Preprocesses a batch of videos. Shorter videos are padded with zero frames marked 0 in the mask.
     * Call it once for {@code pixel_values}/{@code pixel_mask} and once more for the {@code _mixed} pair.
     *
     * @param videos one or more videos of 1 to {@link #numFrames()} frames each
     * @return {@code pixel_values [B, T, 3, H, W]} (T the longest video) and {@code pixel_mask [B, T * P]}
     * @throws InvalidInputException for an empty batch or video, a video longer than {@link #numFrames()},
     *     a null frame, frames whose processed sizes differ (only possible without centre crop, or with
     *     the odd-padding quirk), or an output larger than a Java array or the JVM's maximum heap
     */
    public PixelInputs preprocess(List<? extends List<? extends VideoFrame>> videos) {
        checkBatch(videos);
        List<List<FramePreprocessor.Geometry>> geometries = new ArrayList<>();
        FramePreprocessor.Geometry reference = null;
        int maxFrames = 0;
        for (int v = 0; v < videos.size(); v++) {
            List<FramePreprocessor.Geometry> row = new ArrayList<>();
            for (int f = 0; f < videos.get(v).size(); f++) {
                FramePreprocessor.Geometry g = frames.geometry(videos.get(v).get(f));
                if (reference == null) {
                    reference = g;
                } else if (g.outHeight() != reference.outHeight() || g.outWidth() != reference.outWidth()) {
                    throw new InvalidInputException("video " + v + ", frame " + f + " gives a " + g.outHeight()
                            + "x" + g.outWidth() + " frame but the first frame gives " + reference.outHeight() + "x"
                            + reference.outWidth() + "; frames of different sizes cannot be stacked");
                }
                row.add(g);
            }
            geometries.add(row);
            maxFrames = Math.max(maxFrames, row.size());
        }
        long total = (long) videos.size() * maxFrames * 3 * reference.outHeight() * reference.outWidth();
        if (total > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("pixel_values would hold " + total + " values, more than a Java array");
        }
        if (4 * total > Runtime.getRuntime().maxMemory()) {
            throw new InvalidInputException("pixel_values [" + videos.size() + ", " + maxFrames + ", 3, "
                    + reference.outHeight() + ", " + reference.outWidth() + "] needs " + (4 * total >> 20)
                    + " MiB, more than the JVM's maximum heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        }
        int frameSize = 3 * reference.outHeight() * reference.outWidth();
        float[] values = new float[(int) total];
        int videoStride = maxFrames * frameSize;
        List<int[]> positions = new ArrayList<>();
        for (int v = 0; v < videos.size(); v++) {
            for (int f = 0; f < videos.get(v).size(); f++) {
                positions.add(new int[] {v, f});
            }
        }
        // frames are independent and write disjoint slices of the output
        IntStream indices = IntStream.range(0, positions.size());
        (parallelFrames && positions.size() > 1 ? indices.parallel() : indices).forEach(i -> {
            int v = positions.get(i)[0];
            int f = positions.get(i)[1];
            frames.write(videos.get(v).get(f), geometries.get(v).get(f), values, v * videoStride + f * frameSize);
        });
        FloatTensor pixelValues = FloatTensor.wrap(values, videos.size(), maxFrames, 3, reference.outHeight(),
                reference.outWidth());
        return new PixelInputs(pixelValues, pixelMask(videos, maxFrames));
    }

    private void checkBatch(List<? extends List<? extends VideoFrame>> videos) {
        if (videos == null || videos.isEmpty()) {
            throw new InvalidInputException("no video given: pass at least one video of at least one frame");
        }
        for (int v = 0; v < videos.size(); v++) {
            List<? extends VideoFrame> video = videos.get(v);
            if (video == null || video.isEmpty()) {
                throw new InvalidInputException("video " + v + " has no frames");
            }
            if (video.size() > numFrames()) {
                throw new InvalidInputException("video " + v + " has " + video.size() + " frames: number of frames"
                        + " must not be greater than the maximum frames of the model " + numFrames() + ".");
            }
            for (int f = 0; f < video.size(); f++) {
                if (video.get(f) == null) {
                    throw new InvalidInputException("video " + v + ", frame " + f + " is null");
                }
            }
        }
    }

    private LongTensor pixelMask(List<? extends List<? extends VideoFrame>> videos, int maxFrames) {
        int perFrame = numPatchesPerFrame();
        int width = maxFrames * perFrame;
        long[] mask = new long[videos.size() * width];
        for (int v = 0; v < videos.size(); v++) {
            Arrays.fill(mask, v * width, v * width + videos.get(v).size() * perFrame, 1L);
        }
        return new LongTensor(mask, videos.size(), width);
    }

    // ---------------------------------------------------------------- individual steps

    /**
     * The output size of the shortest-edge resize, as {@code get_resize_output_image_size}: the short side
     * becomes {@code shortestEdge}, the long side {@code int(shortestEdge * long / short)} (truncated).
     *
     * @param height source height
     * @param width source width
     * @param shortestEdge target length of the shorter side
     * @return {@code {newHeight, newWidth}}
     */
    public static int[] resizedSize(int height, int width, int shortestEdge) {
        RgbImage.checkSize(height, width);
        boolean portrait = width <= height;
        int shortSide = portrait ? width : height;
        int longSide = portrait ? height : width;
        double scaledLong = (double) ((long) shortestEdge * longSide) / shortSide;
        if (scaledLong > Integer.MAX_VALUE) {
            throw new InvalidInputException("resizing " + height + "x" + width + " to shortest edge " + shortestEdge
                    + " gives a long side of " + (long) scaledLong + " pixels");
        }
        int newLong = (int) scaledLong;
        return portrait ? new int[] {newLong, shortestEdge} : new int[] {shortestEdge, newLong};
    }

    /**
     * The resize step alone (shortest edge, this processor's filter); the image itself when
     * {@code do_resize} is false.
     *
     * @param image the frame
     * @return the resized frame (the reference's {@code stage.frame<i>.resized})
     */
    public RgbImage resize(RgbImage image) {
        if (!config.doResize()) {
            return image;
        }
        int[] size = resizedSize(image.height(), image.width(), shortestEdge);
        return PillowResampler.resize(image, size[1], size[0], config.resample());
    }

    /**
     * The centre-crop step alone; the image itself when {@code do_center_crop} is false.
     *
     * @param image a (resized) frame
     * @return the cropped frame (the reference's {@code stage.frame<i>.cropped})
     */
    public RgbImage centerCrop(RgbImage image) {
        return config.doCenterCrop() ? CenterCrop.apply(image, cropHeight, cropWidth) : image;
    }

    // ---------------------------------------------------------------- settings derived from the config

    /** @return {@code size["shortest_edge"]} */
    public int shortestEdge() {
        return shortestEdge;
    }

    /** @return {@code num_frames}, the longest video accepted */
    public int numFrames() {
        return config.numFrames();
    }

    /** @return {@code crop_size["height"]} */
    public int cropHeight() {
        return cropHeight;
    }

    /** @return {@code crop_size["width"]} */
    public int cropWidth() {
        return cropWidth;
    }

    /** @return {@code image_mean}, three values (a copy; one configured value is repeated) */
    public double[] imageMean() {
        return imageMean.clone();
    }

    /** @return {@code image_std}, three values (a copy; one configured value is repeated) */
    public double[] imageStd() {
        return imageStd.clone();
    }

    /** @return whether the frames of one call are processed in parallel (not a reference setting) */
    public boolean parallelFrames() {
        return parallelFrames;
    }

    /**
     * @return {@code pixel_mask} entries per frame: {@code (shortest_edge / patch_size[0])^2}, from the resize
     *     size even when the crop is smaller (the reference's rule)
     */
    public int numPatchesPerFrame() {
        int perSide = shortestEdge / config.patchSize()[0];
        return perSide * perSide;
    }

    @Override
    public String toString() {
        return "TvltImageProcessor{" + config + ", parallel_frames=" + parallelFrames + "}";
    }
}

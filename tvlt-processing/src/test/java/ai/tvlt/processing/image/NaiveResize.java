package ai.tvlt.processing.image;

import ai.tvlt.core.config.Resample;
import java.util.function.IntUnaryOperator;

/**
 * A deliberately plain restatement of Pillow's resampler from the golden README's description (every source
 * row through the horizontal pass, weights recomputed per sample, no windows, no coefficient tables), used as
 * an independent oracle in randomized tests. It is itself anchored to the reference by
 * {@link ResizeRandomizedTest#naiveOracleMatchesGoldenStages}.
 */
final class NaiveResize {

    private NaiveResize() {
    }

    static RgbImage resize(RgbImage src, int outW, int outH, Resample filter) {
        int inH = src.height();
        int inW = src.width();
        int[][][] rows = new int[inH][outW][3];
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < outW; x++) {
                for (int c = 0; c < 3; c++) {
                    int row = y;
                    int ch = c;
                    rows[y][x][c] = outW == inW ? src.get(y, x, c)
                            : sample(inW, outW, filter, x, j -> src.get(row, j, ch));
                }
            }
        }
        byte[] out = new byte[outW * outH * 3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                for (int c = 0; c < 3; c++) {
                    int col = x;
                    int ch = c;
                    int v = outH == inH ? rows[y][x][c] : sample(inH, outH, filter, y, i -> rows[i][col][ch]);
                    out[(y * outW + x) * 3 + c] = (byte) v;
                }
            }
        }
        return RgbImage.of(out, outH, outW);
    }

    /** One output sample of a 1-D pass: taps, normalised weights, 22-bit fixed point, clip. */
    private static int sample(int in, int out, Resample filter, int i, IntUnaryOperator source) {
        double scale = (double) in / out;
        double filterScale = Math.max(1.0, scale);
        double support = ResampleKernel.support(filter) * filterScale;
        double center = (i + 0.5) * scale;
        int lo = Math.max(0, (int) (center - support + 0.5));
        int hi = Math.min(in, (int) (center + support + 0.5));
        double total = 0;
        for (int j = lo; j < hi; j++) {
            total += ResampleKernel.weight(filter, (j - center + 0.5) * (1.0 / filterScale));
        }
        int acc = 1 << 21;
        for (int j = lo; j < hi; j++) {
            double w = ResampleKernel.weight(filter, (j - center + 0.5) * (1.0 / filterScale));
            double normalised = total == 0 ? w : w / total;
            int fixed = normalised < 0 ? (int) (normalised * (1 << 22) - 0.5) : (int) (normalised * (1 << 22) + 0.5);
            acc += source.applyAsInt(j) * fixed;
        }
        return Math.max(0, Math.min(255, acc >> 22));
    }
}

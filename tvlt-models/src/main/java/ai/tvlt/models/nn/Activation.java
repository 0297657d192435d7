package ai.tvlt.models.nn;

import ai.tvlt.core.error.ConfigException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The MLP activations a config's {@code hidden_act} can name: every entry of the reference's
 * {@code ACT2FN} table (transformers v4.34 {@code activations.py}), with the reference's formulas and
 * constants, fused with the bias of the preceding linear layer.
 *
 * <p>{@link #GELU} (the default) is {@link Gelu}'s vectorised exact form, unchanged. The others evaluate
 * their formula per element in float, with {@link FastExp} for the exponentials inside sigmoid and tanh
 * (absolute error about 1e-6 against float64; see {@code ActivationTest}). Stateless and thread-safe.
 */
public enum Activation {

    /** {@code x Phi(x)} with the exact erf (torch's {@code gelu}). */
    GELU("gelu") {
        @Override
        public void applyWithBias(float[] row, float[] bias, int n, float[] workT, float[] workE) {
            Gelu.biasGeluInPlace(row, bias, n, workT, workE);
        }

        @Override
        float apply(float x) {
            return exactGelu(x);
        }
    },
    /** {@code clip(gelu(x), -10, 10)} (ClippedGELUActivation). */
    GELU_10("gelu_10") {
        @Override
        public void applyWithBias(float[] row, float[] bias, int n, float[] workT, float[] workE) {
            Gelu.biasGeluInPlace(row, bias, n, workT, workE);
            for (int i = 0; i < n; i++) {
                row[i] = Math.max(-10f, Math.min(10f, row[i]));
            }
        }

        @Override
        float apply(float x) {
            return Math.max(-10f, Math.min(10f, exactGelu(x)));
        }
    },
    /** {@code 0.5 x (1 + tanh(x 0.7978845608 (1 + 0.044715 x^2)))} (FastGELUActivation). */
    GELU_FAST("gelu_fast") {
        @Override
        float apply(float x) {
            return 0.5f * x * (1f + tanh(x * 0.7978845608f * (1f + 0.044715f * x * x)));
        }
    },
    /** The tanh approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (NewGELUActivation). */
    GELU_NEW("gelu_new") {
        @Override
        float apply(float x) {
            return tanhGelu(x);
        }
    },
    /** The exact erf form written in Python by the reference; the same function as {@link #GELU}. */
    GELU_PYTHON("gelu_python") {
        @Override
        public void applyWithBias(float[] row, float[] bias, int n, float[] workT, float[] workE) {
            Gelu.biasGeluInPlace(row, bias, n, workT, workE);
        }

        @Override
        float apply(float x) {
            return exactGelu(x);
        }
    },
    /** torch's {@code gelu(x, approximate="tanh")}: the same formula as {@link #GELU_NEW}. */
    GELU_PYTORCH_TANH("gelu_pytorch_tanh") {
        @Override
        float apply(float x) {
            return tanhGelu(x);
        }
    },
    /** AccurateGELUActivation: again {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    GELU_ACCURATE("gelu_accurate") {
        @Override
        float apply(float x) {
            return tanhGelu(x);
        }
    },
    /** {@code 0.5 (1 + erf((x - 0.707107) / (0.282095 sqrt 2)))} (LaplaceActivation's defaults). */
    LAPLACE("laplace") {
        @Override
        float apply(float x) {
            float z = (x - 0.707107f) / (0.282095f * SQRT2);
            float half = 0.5f * Gelu.erfc(Math.abs(z));
            return z >= 0 ? 1f - half : half;
        }
    },
    /** {@code x} for {@code x >= 0}, else {@code 0.01 x} (torch's LeakyReLU default slope). */
    LEAKY_RELU("leaky_relu") {
        @Override
        float apply(float x) {
            return x >= 0 ? x : 0.01f * x;
        }
    },
    /** The identity (LinearActivation). */
    LINEAR("linear") {
        @Override
        float apply(float x) {
            return x;
        }
    },
    /** {@code x tanh(softplus(x))} (torch's mish). */
    MISH("mish") {
        @Override
        float apply(float x) {
            double softplus = Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs((double) x)));
            return (float) (x * Math.tanh(softplus));
        }
    },
    /** {@code x sigmoid(1.702 x)} (QuickGELUActivation). */
    QUICK_GELU("quick_gelu") {
        @Override
        float apply(float x) {
            return x * sigmoid(1.702f * x);
        }
    },
    /** {@code max(x, 0)}. */
    RELU("relu") {
        @Override
        float apply(float x) {
            return Math.max(x, 0f);
        }
    },
    /** {@code max(x, 0)^2} (ReLUSquaredActivation). */
    RELU2("relu2") {
        @Override
        float apply(float x) {
            float r = Math.max(x, 0f);
            return r * r;
        }
    },
    /** {@code min(max(x, 0), 6)}. */
    RELU6("relu6") {
        @Override
        float apply(float x) {
            return Math.min(Math.max(x, 0f), 6f);
        }
    },
    /** {@code 1 / (1 + e^-x)}. */
    SIGMOID("sigmoid") {
        @Override
        float apply(float x) {
            return sigmoid(x);
        }
    },
    /** {@code x sigmoid(x)}. */
    SILU("silu") {
        @Override
        float apply(float x) {
            return x * sigmoid(x);
        }
    },
    /** Another name of {@link #SILU}. */
    SWISH("swish") {
        @Override
        float apply(float x) {
            return x * sigmoid(x);
        }
    },
    /** {@code tanh(x)}. */
    TANH("tanh") {
        @Override
        float apply(float x) {
            return tanh(x);
        }
    };

    private static final float SQRT2 = (float) Math.sqrt(2.0);
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private final String hfName;

    Activation(String hfName) {
        this.hfName = hfName;
    }

    /** @return the name as the reference's {@code ACT2FN} spells it */
    public String hfName() {
        return hfName;
    }

    /**
     * Resolves a config's {@code hidden_act}.
     *
     * @param hiddenAct the value of {@code hidden_act}
     * @return the activation of that name
     * @throws ConfigException naming the key and the value when the reference has no such activation
     */
    public static Activation forHiddenAct(String hiddenAct) {
        for (Activation a : values()) {
            if (a.hfName.equals(hiddenAct)) {
                return a;
            }
        }
        throw new ConfigException("'hidden_act' is \"" + hiddenAct + "\", which is not an activation of the "
                + "reference; use one of " + Arrays.stream(values()).map(Activation::hfName)
                        .collect(Collectors.joining(", ")));
    }

    /**
     * {@code row[i] = act(row[i] + bias[i])} for i in [0, n).
     *
     * @param row values, at least n long
     * @param bias per-column bias, at least n long
     * @param n row length
     * @param workT scratch, at least n long
     * @param workE scratch, at least n long
     */
    public void applyWithBias(float[] row, float[] bias, int n, float[] workT, float[] workE) {
        for (int i = 0; i < n; i++) {
            row[i] = apply(row[i] + bias[i]);
        }
    }

    /**
     * @param x the argument
     * @return the activation of one value
     */
    abstract float apply(float x);

    /** {@code 0.5 (x + |x| - |x| erfc(|x| / sqrt 2))}, the scalar form of {@link Gelu}'s loop. */
    private static float exactGelu(float x) {
        float ax = Math.abs(x);
        return 0.5f * (x + ax - ax * Gelu.erfc(ax / SQRT2));
    }

    private static float tanhGelu(float x) {
        return 0.5f * x * (1f + tanh(SQRT_2_OVER_PI * (x + 0.044715f * x * x * x)));
    }

    /** {@code sigmoid(v)} from {@code e = exp(-|v|)}, which {@link FastExp} evaluates accurately. */
    private static float sigmoid(float v) {
        float e = FastExp.exp(-Math.abs(v));
        return v >= 0 ? 1f / (1f + e) : e / (1f + e);
    }

    /** {@code tanh(v) = sign(v) (1 - e) / (1 + e)} with {@code e = exp(-2|v|)}. */
    private static float tanh(float v) {
        float e = FastExp.exp(-2f * Math.abs(v));
        return Math.copySign((1f - e) / (1f + e), v);
    }
}

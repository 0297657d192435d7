"""Expected values of every hidden_act of the reference's ACT2FN (transformers v4.34 activations.py).

Run: python3 make_activation_fixture.py  (needs numpy; writes activation_fixture.json next to this file)

The inputs are float32 numbers (what the Java port computes on); each formula is evaluated in float64
on those exact values with the reference's constants, so the file pins down the functions, not a
float32 rounding. The formulas are written here from the reference's definitions:
  gelu, gelu_python   x * 0.5 * (1 + erf(x / sqrt(2)))
  gelu_10             clip(gelu(x), -10, 10)
  gelu_new, gelu_pytorch_tanh, gelu_accurate
                      0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
  gelu_fast           0.5 * x * (1 + tanh(x * 0.7978845608 * (1 + 0.044715 * x * x)))
  quick_gelu          x * sigmoid(1.702 * x)
  laplace             0.5 * (1 + erf((x - 0.707107) / (0.282095 * sqrt(2))))
  leaky_relu          x if x >= 0 else 0.01 * x
  linear              x
  mish                x * tanh(softplus(x))
  relu, relu2, relu6  max(x, 0), max(x, 0)^2, min(max(x, 0), 6)
  sigmoid, tanh       1 / (1 + exp(-x)), tanh(x)
  silu, swish         x * sigmoid(x)
"""
import json
import math
import os

import numpy as np

x32 = np.concatenate([
    np.linspace(-12.0, 12.0, 401),
    np.array([-100.0, -30.0, -20.5, -7.25, -1e-3, -1e-7, 0.0, 1e-7, 1e-3, 0.7071, 5.999, 6.001, 20.5, 30.0, 100.0]),
]).astype(np.float32)
x = x32.astype(np.float64)

erf = np.vectorize(math.erf)


def sigmoid(v):
    return 0.5 * (1.0 + np.tanh(0.5 * v))  # exact identity, stable for large |v|


def softplus(v):
    return np.maximum(v, 0.0) + np.log1p(np.exp(-np.abs(v)))


gelu = x * 0.5 * (1.0 + erf(x / math.sqrt(2.0)))
tanh_gelu = 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * np.power(x, 3.0))))
expected = {
    "gelu": gelu,
    "gelu_10": np.clip(gelu, -10.0, 10.0),
    "gelu_fast": 0.5 * x * (1.0 + np.tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x))),
    "gelu_new": tanh_gelu,
    "gelu_python": gelu,
    "gelu_pytorch_tanh": tanh_gelu,
    "gelu_accurate": tanh_gelu,
    "laplace": 0.5 * (1.0 + erf((x - 0.707107) / (0.282095 * math.sqrt(2.0)))),
    "leaky_relu": np.where(x >= 0, x, 0.01 * x),
    "linear": x,
    "mish": x * np.tanh(softplus(x)),
    "quick_gelu": x * sigmoid(1.702 * x),
    "relu": np.maximum(x, 0.0),
    "relu2": np.maximum(x, 0.0) ** 2,
    "relu6": np.minimum(np.maximum(x, 0.0), 6.0),
    "sigmoid": sigmoid(x),
    "silu": x * sigmoid(x),
    "swish": x * sigmoid(x),
    "tanh": np.tanh(x),
}

out = {
    "generator": "make_activation_fixture.py (numpy " + np.__version__ + ", float64)",
    "x": [float(v) for v in x32],
    "expected": {k: [float(v) for v in vals] for k, vals in expected.items()},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "activation_fixture.json")
with open(path, "w") as f:
    json.dump(out, f)
    f.write("\n")
print("wrote", path)

"""Regenerates the torch.save fixtures of TorchCheckpointFixturesTest (needs torch; not run by the build).

Each <name>.bin is written by torch.save itself; <name>.expected.safetensors holds, for every entry, the
bytes of tensor.contiguous() as torch lays them out, in a safetensors file written here by hand (the
safetensors package is not needed).
"""
import io
import json
import struct
from collections import OrderedDict

import torch

DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
          torch.bool: "BOOL"}


def raw(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def write_expected(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        b = raw(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * ((8 - len(js) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)))
        f.write(js)
        for b in blobs:
            f.write(b)


def save(name, state):
    buffer = io.BytesIO()  # a file-like target: torch names the archive folder "archive/"
    torch.save(state, buffer)
    with open(name + ".bin", "wb") as f:
        f.write(buffer.getvalue())
    write_expected(name + ".expected.safetensors", state)


torch.manual_seed(0)
weight = torch.randn(6, 4)
base = torch.randn(1, 3)
layouts = {
    "weight": weight,
    "weight_t": weight.t(),            # non-contiguous view sharing weight's storage
    "row": weight[2],                  # storage offset 8
    "col": weight[:, 1],               # offset 1, stride 4
    "block": weight[1:5:2, 1:3],       # offset and two strides
    "expanded": base.expand(4, 3),     # stride 0
    "scalar": torch.tensor(3.5),
    "empty": torch.zeros(0, 4),
    "f64": torch.randn(2, 3, dtype=torch.float64),
    "f16": torch.randn(7).half(),
    "bf16": torch.randn(3, 5).bfloat16(),
    "i64": torch.arange(-5, 5),
    "i32": torch.arange(6, dtype=torch.int32).reshape(2, 3).t(),
    "i16": torch.tensor([-300, 7], dtype=torch.int16),
    "i8": torch.tensor([-128, 127], dtype=torch.int8),
    "u8": torch.tensor([0, 200, 255], dtype=torch.uint8),
    "mask": torch.tensor([True, False, True]),
}
save("layouts", layouts)

module = torch.nn.Sequential(OrderedDict([("proj", torch.nn.Linear(4, 3)), ("norm", torch.nn.LayerNorm(3))]))
save("module_state_dict", module.state_dict())  # an OrderedDict carrying _metadata

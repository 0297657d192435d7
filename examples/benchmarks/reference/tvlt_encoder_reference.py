#!/usr/bin/env python3
"""Timing of the reference TvltModel forward on this machine, for the Java EncoderBenchmark to be compared with.

This is NOT transformers itself (transformers cannot be installed here): it re-implements the computation of
transformers' TvltModel.forward (modeling_tvlt.py, v4.34) with the same torch modules and in the same order -
Conv2d patch embeddings with the positional/temporal/frequency/type embeddings added as the reference adds
them, the CLS token, the extended attention mask (1 - m) * finfo(float32).min, 12 pre-norm layers
(LayerNorm -> nn.Linear query/key/value -> matmul / sqrt(head_dim) + mask -> softmax -> matmul ->
nn.Linear output + residual -> LayerNorm -> nn.Linear + exact erf GELU -> nn.Linear + residual) and the
final LayerNorm - on the tvlt-base configuration with random weights, in float32 under torch.no_grad().

Same inputs as EncoderBenchmark's default: 8 frames of 224x224 and a 864x128 spectrogram (a 10 s clip),
i.e. 1 + 1568 + 432 = 2001 tokens per sample, all tokens valid (pixel and audio masks given).

    python3 tvlt_encoder_reference.py [--batch 1,4] [--warmup 1] [--iterations 3] [--threads 2]
    python3 tvlt_encoder_reference.py --model DIR --inputs FILE [--warmup 1] [--iterations 3] [--threads 2]

(the second form times a checkpoint folder on a tensor file, e.g. those make_base_case.py writes, so that
the Java encoder and ONNX Runtime run on the same weights and inputs: see compare.sh).

Faithfulness check against the golden outputs that transformers itself produced (loads the checkpoint by
its transformers state-dict names; fails above 1e-4):

    python3 tvlt_encoder_reference.py --check-golden tvlt-weights/src/test/resources/golden/models/small-realistic \
        encoder_batch2_padded
"""
import argparse
import json
import math
import os
import resource
import struct
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn


@dataclass(frozen=True)
class Config:
    """The TvltConfig fields the encoder forward uses; the defaults are tvlt-base's."""
    hidden_size: int = 768
    num_hidden_layers: int = 12
    num_attention_heads: int = 12
    intermediate_size: int = 3072
    layer_norm_eps: float = 1e-6
    qkv_bias: bool = True
    use_mean_pooling: bool = False
    image_size: int = 224
    image_patch_size: tuple = (16, 16)
    audio_patch_size: tuple = (16, 16)
    num_image_channels: int = 3
    num_audio_channels: int = 1
    num_frames: int = 8
    spectrogram_length: int = 2048
    frequency_length: int = 128

    @staticmethod
    def from_json(path):
        with open(path) as f:
            raw = json.load(f)
        fields = {k: v for k, v in raw.items() if k in Config.__dataclass_fields__}
        for k in ("image_patch_size", "audio_patch_size"):
            if k in fields:
                fields[k] = tuple(fields[k])
        return Config(**fields)


# Module and parameter names are those of modeling_tvlt.py, so a transformers state dict loads as is.

class TvltPixelPatchEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.num_patches_per_image = (c.image_size // c.image_patch_size[0]) * (c.image_size // c.image_patch_size[1])
        self.hidden_size = c.hidden_size
        self.projection = nn.Conv2d(c.num_image_channels, c.hidden_size, kernel_size=c.image_patch_size,
                                    stride=c.image_patch_size)

    def forward(self, pixel_values):
        batch_size, num_frames, num_channels, height, width = pixel_values.shape
        x = pixel_values.reshape(batch_size * num_frames, num_channels, height, width)
        embeddings = self.projection(x).flatten(2).transpose(1, 2)
        return embeddings.reshape(batch_size, num_frames * self.num_patches_per_image, self.hidden_size)


class TvltAudioPatchEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.projection = nn.Conv2d(c.num_audio_channels, c.hidden_size, kernel_size=c.audio_patch_size,
                                    stride=c.audio_patch_size)

    def forward(self, audio_values):
        return self.projection(audio_values).flatten(2).transpose(1, 2)


class TvltPixelEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.patch_embeddings = TvltPixelPatchEmbeddings(c)
        self.num_patches_per_image = self.patch_embeddings.num_patches_per_image
        self.type_embed_v = nn.Parameter(torch.randn(1, 1, c.hidden_size) * 0.02)
        self.temporal_embed = nn.Parameter(torch.randn(1, c.num_frames, c.hidden_size) * 0.02)
        self.pos_embed_v = nn.Parameter(torch.randn(1, self.num_patches_per_image, c.hidden_size) * 0.02)

    def forward(self, pixel_values):
        num_frames = pixel_values.shape[1]
        embeddings = self.patch_embeddings(pixel_values)
        embeddings += self.pos_embed_v.repeat(1, num_frames, 1)
        embeddings += torch.repeat_interleave(self.temporal_embed[:, :num_frames], self.num_patches_per_image, dim=1)
        embeddings += self.type_embed_v
        return embeddings


class TvltAudioEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.patch_embeddings = TvltAudioPatchEmbeddings(c)
        self.num_freq_patches = c.frequency_length // c.audio_patch_size[1]
        num_patches = (c.spectrogram_length // c.audio_patch_size[0]) * self.num_freq_patches
        self.type_embed_a = nn.Parameter(torch.randn(1, 1, c.hidden_size) * 0.02)
        self.pos_embed_a = nn.Parameter(torch.randn(1, num_patches // self.num_freq_patches, c.hidden_size) * 0.02)
        self.freq_embed = nn.Parameter(torch.randn(1, self.num_freq_patches, c.hidden_size) * 0.02)

    def forward(self, audio_values):
        embeddings = self.patch_embeddings(audio_values)
        num_time_patches = embeddings.size(1) // self.num_freq_patches
        embeddings += self.freq_embed.repeat(1, num_time_patches, 1)
        embeddings += torch.repeat_interleave(self.pos_embed_a[:, :num_time_patches], self.num_freq_patches, dim=1)
        embeddings += self.type_embed_a
        return embeddings


class TvltSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.num_heads = c.num_attention_heads
        self.head_size = c.hidden_size // c.num_attention_heads
        self.all_head_size = c.hidden_size
        self.query = nn.Linear(c.hidden_size, c.hidden_size, bias=c.qkv_bias)
        self.key = nn.Linear(c.hidden_size, c.hidden_size, bias=c.qkv_bias)
        self.value = nn.Linear(c.hidden_size, c.hidden_size, bias=c.qkv_bias)

    def transpose_for_scores(self, x):
        return x.view(x.size()[:-1] + (self.num_heads, self.head_size)).permute(0, 2, 1, 3)

    def forward(self, hidden_states, attention_mask):
        query_layer = self.transpose_for_scores(self.query(hidden_states))
        key_layer = self.transpose_for_scores(self.key(hidden_states))
        value_layer = self.transpose_for_scores(self.value(hidden_states))
        scores = torch.matmul(query_layer, key_layer.transpose(-1, -2)) / math.sqrt(self.head_size)
        if attention_mask is not None:
            scores = scores + attention_mask
        probs = nn.functional.softmax(scores, dim=-1)
        context = torch.matmul(probs, value_layer).permute(0, 2, 1, 3).contiguous()
        return context.view(context.size()[:-2] + (self.all_head_size,))


class TvltSelfOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)

    def forward(self, hidden_states):
        return self.dense(hidden_states)


class TvltAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = TvltSelfAttention(c)
        self.output = TvltSelfOutput(c)

    def forward(self, hidden_states, attention_mask):
        return self.output(self.attention(hidden_states, attention_mask))


class TvltIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, hidden_states):
        return nn.functional.gelu(self.dense(hidden_states))


class TvltOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.intermediate_size, c.hidden_size)

    def forward(self, hidden_states, input_tensor):
        return self.dense(hidden_states) + input_tensor


class TvltLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = TvltAttention(c)
        self.intermediate = TvltIntermediate(c)
        self.output = TvltOutput(c)
        self.layernorm_before = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.layernorm_after = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, hidden_states, attention_mask):
        attention_output = self.attention(self.layernorm_before(hidden_states), attention_mask)
        hidden_states = attention_output + hidden_states
        layer_output = self.intermediate(self.layernorm_after(hidden_states))
        return self.output(layer_output, hidden_states)


class TvltEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([TvltLayer(c) for _ in range(c.num_hidden_layers)])

    def forward(self, hidden_states, attention_mask):
        for layer in self.layer:
            hidden_states = layer(hidden_states, attention_mask)
        return hidden_states


class TvltModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.pixel_embeddings = TvltPixelEmbeddings(c)
        self.audio_embeddings = TvltAudioEmbeddings(c)
        self.encoder = TvltEncoder(c)
        self.cls_embedding = nn.Parameter(torch.randn(1, 1, c.hidden_size) * 0.02)
        self.layernorm = None if c.use_mean_pooling else nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, pixel_values, audio_values, pixel_mask=None, audio_mask=None):
        pixel = self.pixel_embeddings(pixel_values)
        audio = self.audio_embeddings(audio_values)
        batch_size = pixel_values.size(0)
        hidden = torch.cat([self.cls_embedding.repeat(batch_size, 1, 1), pixel, audio], 1)
        extended = None
        if pixel_mask is not None and audio_mask is not None:
            attention_mask = torch.cat([pixel_mask[:, :1], pixel_mask, audio_mask], 1)
            extended = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * torch.finfo(hidden.dtype).min
        sequence_output = self.encoder(hidden, extended)
        if self.layernorm is not None:
            sequence_output = self.layernorm(sequence_output)
        pixel_len = pixel.size(1)
        return sequence_output, sequence_output[:, 1:1 + pixel_len], sequence_output[:, 1 + pixel_len:]


def read_safetensors(path):
    """name -> float32 torch tensor of a safetensors file (F32, F16 and BF16 entries), and its metadata."""
    with open(path, "rb") as f:
        data = f.read()
    header_len = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = data[base + begin:base + end]
        if info["dtype"] == "F32":
            array = np.frombuffer(raw, dtype="<f4")
        elif info["dtype"] == "F16":
            array = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        elif info["dtype"] == "BF16":
            array = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            continue
        tensors[name] = torch.from_numpy(array.copy()).reshape(info["shape"])
    return tensors, header.get("__metadata__", {})


def write_safetensors(path, tensors, metadata=None):
    """Writes name -> float32 tensor (or numpy array) as a safetensors file (F32 little-endian, sorted names)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(np.asarray(tensors[name], dtype="<f4"))
        blob = array.tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    if metadata:
        header["__metadata__"] = metadata
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)


ENCODER_FREE_PREFIXES = ("decoder", "matching", "classifier", "pixel_mae", "audio_mae", "encoder_to_decoder",
                         "pixel_mask_token", "audio_mask_token")


def load_model(folder):
    """TvltModel of a checkpoint folder (config.json + model.safetensors, TvltModel or TvltForPreTraining names)."""
    model = TvltModel(Config.from_json(os.path.join(folder, "config.json"))).eval()
    weights, _ = read_safetensors(os.path.join(folder, "model.safetensors"))
    model.load_state_dict({k[len("tvlt."):] if k.startswith("tvlt.") else k: v for k, v in weights.items()
                           if not k.startswith(ENCODER_FREE_PREFIXES)}, strict=True)
    return model


def read_inputs(path):
    """pixel_values, audio_values, pixel_mask, audio_mask of a tensor file (bare or 'input.' names; masks may be absent)."""
    tensors, _ = read_safetensors(path)

    def get(name):
        return tensors.get(name, tensors.get("input." + name))
    return get("pixel_values"), get("audio_values"), get("pixel_mask"), get("audio_mask")


def check_golden(folder, case):
    """Loads a golden checkpoint into this re-implementation and compares a TvltModel case's outputs."""
    model = load_model(folder)
    tensors, meta = read_safetensors(os.path.join(folder, "cases", case + ".safetensors"))
    call = json.loads(meta["case"])["call"]
    args = {k: tensors[call[k]] if call.get(k) else None
            for k in ("pixel_values", "audio_values", "pixel_mask", "audio_mask")}
    with torch.no_grad():
        outputs = model(**args)
    worst = 0.0
    for name, actual in zip(("last_hidden_state", "last_pixel_hidden_state", "last_audio_hidden_state"), outputs):
        expected = tensors["expected." + name]
        diff = (actual - expected).abs().max().item()
        worst = max(worst, diff)
        print(f"{case} {name}: max abs difference {diff:.2e}")
    if worst > 1e-4:
        raise SystemExit(f"{case}: differs from the golden output by {worst:.2e} (> 1e-4)")


def inputs(c, batch):
    """EncoderBenchmark's default input: 8 frames and a 10 s clip (864 spectrogram rows, 861 valid)."""
    audio_rows = 864
    generator = torch.Generator().manual_seed(7)
    pixel_values = torch.rand(batch, c.num_frames, c.num_image_channels, c.image_size, c.image_size,
                              generator=generator) * 2 - 1
    audio_values = torch.rand(batch, c.num_audio_channels, audio_rows, c.frequency_length, generator=generator) * 2 - 1
    audio_values[:, :, 861:] = 0
    per_frame = (c.image_size // c.image_patch_size[0]) * (c.image_size // c.image_patch_size[1])
    pixel_mask = torch.ones(batch, c.num_frames * per_frame)
    freq_patches = c.frequency_length // c.audio_patch_size[1]
    audio_mask = torch.zeros(batch, (audio_rows // c.audio_patch_size[0]) * freq_patches)
    audio_mask[:, :math.ceil(861 / c.audio_patch_size[0]) * freq_patches] = 1
    return pixel_values, audio_values, pixel_mask, audio_mask


def flops(c, batch, seq, pixel_tokens, audio_tokens):
    """Multiply-adds x2 of the patch projections, the layers' linear maps and attention products."""
    d, inter = c.hidden_size, c.intermediate_size
    linear = 2.0 * seq * (4 * d * d + 2 * d * inter)
    attention = 4.0 * seq * seq * d
    patches = 2.0 * d * (pixel_tokens * 3 * 256 + audio_tokens * 256)
    return batch * (c.num_hidden_layers * (linear + attention) + patches)


def time_forward(model, config, args_tuple, label, warmup, iterations):
    """Times warmup + iterations forwards; prints one line per run and the `forward_ms` line of `tvlt infer --repeat`."""
    pixel_values, audio_values, pixel_mask, audio_mask = args_tuple
    batch = pixel_values.size(0)
    pixel_tokens = pixel_values.size(1) * (config.image_size // config.image_patch_size[0]) ** 2
    audio_tokens = (audio_values.size(2) // config.audio_patch_size[0]) * (config.frequency_length // config.audio_patch_size[1])
    seq = 1 + pixel_tokens + audio_tokens
    total = flops(config, batch, seq, pixel_tokens, audio_tokens)
    for i in range(warmup):
        start = time.perf_counter()
        model(pixel_values, audio_values, pixel_mask, audio_mask)
        print(f"{label} warmup {i}: {(time.perf_counter() - start) * 1e3:.0f} ms")
    times = []
    for i in range(iterations):
        cpu0 = time.process_time()
        start = time.perf_counter()
        model(pixel_values, audio_values, pixel_mask, audio_mask)
        ms = (time.perf_counter() - start) * 1e3
        cpu_ms = (time.process_time() - cpu0) * 1e3
        times.append(ms)
        print(f"{label} run {i}: {ms:.0f} ms, {total / ms / 1e6:.1f} GFLOP/s, process CPU {cpu_ms:.0f} ms "
              f"({cpu_ms / ms:.2f} cores), load average {os.getloadavg()[0]:.1f}")
    times.sort()
    median = times[len(times) // 2]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label} tokens {seq}: median {median:.0f} ms (min {times[0]:.0f}, max {times[-1]:.0f}) per forward, "
          f"{total / 1e12:.3f} TFLOP, {total / median / 1e6:.1f} GFLOP/s, peak RSS {peak:.0f} MB")
    print(f"forward_ms median={median:.1f} min={times[0]:.1f} max={times[-1]:.1f} runs={iterations}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", default="1")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", metavar="DIR",
                        help="checkpoint folder (config.json + model.safetensors) instead of random tvlt-base weights")
    parser.add_argument("--inputs", metavar="FILE",
                        help="tensor file (pixel_values, audio_values, pixel_mask, audio_mask) instead of --batch")
    parser.add_argument("--check-golden", nargs=2, metavar=("FOLDER", "CASE"),
                        help="instead of timing, load a golden checkpoint folder and compare a TvltModel case")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.check_golden:
        check_golden(*args.check_golden)
        return
    torch.manual_seed(42)
    if args.model:
        config = Config.from_json(os.path.join(args.model, "config.json"))
        model = load_model(args.model)
    else:
        config = Config()
        model = TvltModel(config).eval()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, load average {os.getloadavg()[0]:.1f}")
    with torch.no_grad():
        if args.inputs:
            case = read_inputs(args.inputs)
            time_forward(model, config, case, f"batch {case[0].size(0)}", args.warmup, args.iterations)
            return
        for batch in [int(b) for b in args.batch.split(",")]:
            time_forward(model, config, inputs(config, batch), f"batch {batch}", args.warmup, args.iterations)


if __name__ == "__main__":
    main()

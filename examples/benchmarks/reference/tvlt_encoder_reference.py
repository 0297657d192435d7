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
"""
import argparse
import math
import os
import resource
import time

import torch
from torch import nn

HIDDEN = 768
LAYERS = 12
HEADS = 12
INTERMEDIATE = 3072
EPS = 1e-6
IMAGE_SIZE = 224
PATCH = 16
NUM_FRAMES = 8
SPECTROGRAM_LENGTH = 2048
FREQUENCY_LENGTH = 128


class TvltPixelEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.num_patches_per_image = (IMAGE_SIZE // PATCH) ** 2
        self.projection = nn.Conv2d(3, HIDDEN, kernel_size=PATCH, stride=PATCH)
        self.type_embed_v = nn.Parameter(torch.randn(1, 1, HIDDEN) * 0.02)
        self.temporal_embed = nn.Parameter(torch.randn(1, NUM_FRAMES, HIDDEN) * 0.02)
        self.pos_embed_v = nn.Parameter(torch.randn(1, self.num_patches_per_image, HIDDEN) * 0.02)

    def forward(self, pixel_values):
        batch_size, num_frames, num_channels, height, width = pixel_values.shape
        x = pixel_values.reshape(batch_size * num_frames, num_channels, height, width)
        embeddings = self.projection(x).flatten(2).transpose(1, 2)
        embeddings = embeddings.reshape(batch_size, num_frames * self.num_patches_per_image, HIDDEN)
        embeddings += self.pos_embed_v.repeat(1, num_frames, 1)
        embeddings += torch.repeat_interleave(self.temporal_embed[:, :num_frames], self.num_patches_per_image, dim=1)
        embeddings += self.type_embed_v
        return embeddings


class TvltAudioEmbeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.num_freq_patches = FREQUENCY_LENGTH // PATCH
        self.projection = nn.Conv2d(1, HIDDEN, kernel_size=PATCH, stride=PATCH)
        self.type_embed_a = nn.Parameter(torch.randn(1, 1, HIDDEN) * 0.02)
        self.pos_embed_a = nn.Parameter(torch.randn(1, SPECTROGRAM_LENGTH // PATCH, HIDDEN) * 0.02)
        self.freq_embed = nn.Parameter(torch.randn(1, self.num_freq_patches, HIDDEN) * 0.02)

    def forward(self, audio_values):
        embeddings = self.projection(audio_values).flatten(2).transpose(1, 2)
        num_time_patches = embeddings.size(1) // self.num_freq_patches
        embeddings += self.freq_embed.repeat(1, num_time_patches, 1)
        embeddings += torch.repeat_interleave(self.pos_embed_a[:, :num_time_patches], self.num_freq_patches, dim=1)
        embeddings += self.type_embed_a
        return embeddings


class TvltSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.head_size = HIDDEN // HEADS
        self.query = nn.Linear(HIDDEN, HIDDEN, bias=True)
        self.key = nn.Linear(HIDDEN, HIDDEN, bias=True)
        self.value = nn.Linear(HIDDEN, HIDDEN, bias=True)

    def transpose_for_scores(self, x):
        return x.view(x.size()[:-1] + (HEADS, self.head_size)).permute(0, 2, 1, 3)

    def forward(self, hidden_states, attention_mask):
        query_layer = self.transpose_for_scores(self.query(hidden_states))
        key_layer = self.transpose_for_scores(self.key(hidden_states))
        value_layer = self.transpose_for_scores(self.value(hidden_states))
        scores = torch.matmul(query_layer, key_layer.transpose(-1, -2)) / math.sqrt(self.head_size)
        if attention_mask is not None:
            scores = scores + attention_mask
        probs = nn.functional.softmax(scores, dim=-1)
        context = torch.matmul(probs, value_layer).permute(0, 2, 1, 3).contiguous()
        return context.view(context.size()[:-2] + (HIDDEN,))


class TvltLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.layernorm_before = nn.LayerNorm(HIDDEN, eps=EPS)
        self.attention = TvltSelfAttention()
        self.attention_output = nn.Linear(HIDDEN, HIDDEN)
        self.layernorm_after = nn.LayerNorm(HIDDEN, eps=EPS)
        self.intermediate = nn.Linear(HIDDEN, INTERMEDIATE)
        self.output = nn.Linear(INTERMEDIATE, HIDDEN)

    def forward(self, hidden_states, attention_mask):
        attention_output = self.attention_output(self.attention(self.layernorm_before(hidden_states), attention_mask))
        hidden_states = attention_output + hidden_states
        layer_output = nn.functional.gelu(self.intermediate(self.layernorm_after(hidden_states)))
        return self.output(layer_output) + hidden_states


class TvltModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.cls_embedding = nn.Parameter(torch.randn(1, 1, HIDDEN) * 0.02)
        self.pixel_embeddings = TvltPixelEmbeddings()
        self.audio_embeddings = TvltAudioEmbeddings()
        self.layers = nn.ModuleList([TvltLayer() for _ in range(LAYERS)])
        self.layernorm = nn.LayerNorm(HIDDEN, eps=EPS)

    def forward(self, pixel_values, audio_values, pixel_mask, audio_mask):
        pixel = self.pixel_embeddings(pixel_values)
        audio = self.audio_embeddings(audio_values)
        batch_size = pixel_values.size(0)
        hidden = torch.cat([self.cls_embedding.repeat(batch_size, 1, 1), pixel, audio], 1)
        attention_mask = torch.cat([pixel_mask[:, :1], pixel_mask, audio_mask], 1)
        extended = (1.0 - attention_mask[:, None, None, :]) * torch.finfo(hidden.dtype).min
        for layer in self.layers:
            hidden = layer(hidden, extended)
        sequence_output = self.layernorm(hidden)
        pixel_len = pixel.size(1)
        return sequence_output, sequence_output[:, 1:1 + pixel_len], sequence_output[:, 1 + pixel_len:]


def inputs(batch):
    audio_rows = 864
    generator = torch.Generator().manual_seed(7)
    pixel_values = torch.rand(batch, NUM_FRAMES, 3, IMAGE_SIZE, IMAGE_SIZE, generator=generator) * 2 - 1
    audio_values = torch.rand(batch, 1, audio_rows, FREQUENCY_LENGTH, generator=generator) * 2 - 1
    audio_values[:, :, 861:] = 0
    pixel_mask = torch.ones(batch, NUM_FRAMES * (IMAGE_SIZE // PATCH) ** 2)
    audio_tokens = (audio_rows // PATCH) * (FREQUENCY_LENGTH // PATCH)
    audio_mask = torch.zeros(batch, audio_tokens)
    audio_mask[:, :math.ceil(861 / PATCH) * (FREQUENCY_LENGTH // PATCH)] = 1
    return pixel_values, audio_values, pixel_mask, audio_mask


def flops(batch, seq, pixel_tokens, audio_tokens):
    linear = 2.0 * seq * (4 * HIDDEN * HIDDEN + 2 * HIDDEN * INTERMEDIATE)
    attention = 4.0 * seq * seq * HIDDEN
    patches = 2.0 * HIDDEN * (pixel_tokens * 3 * 256 + audio_tokens * 256)
    return batch * (LAYERS * (linear + attention) + patches)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", default="1")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = TvltModel().eval()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, load average {os.getloadavg()[0]:.1f}")
    with torch.no_grad():
        for batch in [int(b) for b in args.batch.split(",")]:
            pixel_values, audio_values, pixel_mask, audio_mask = inputs(batch)
            seq = 1 + pixel_mask.size(1) + audio_mask.size(1)
            total = flops(batch, seq, pixel_mask.size(1), audio_mask.size(1))
            for i in range(args.warmup):
                start = time.perf_counter()
                model(pixel_values, audio_values, pixel_mask, audio_mask)
                print(f"batch {batch} warmup {i}: {(time.perf_counter() - start) * 1e3:.0f} ms")
            times = []
            for i in range(args.iterations):
                cpu0 = time.process_time()
                start = time.perf_counter()
                model(pixel_values, audio_values, pixel_mask, audio_mask)
                ms = (time.perf_counter() - start) * 1e3
                cpu_ms = (time.process_time() - cpu0) * 1e3
                times.append(ms)
                print(f"batch {batch} run {i}: {ms:.0f} ms, {total / ms / 1e6:.1f} GFLOP/s, process CPU {cpu_ms:.0f} ms "
                      f"({cpu_ms / ms:.2f} cores), load average {os.getloadavg()[0]:.1f}")
            times.sort()
            median = times[len(times) // 2]
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"batch {batch} tokens {seq}: median {median:.0f} ms (min {times[0]:.0f}, max {times[-1]:.0f}) per forward, "
                  f"{total / 1e12:.3f} TFLOP, {total / median / 1e6:.1f} GFLOP/s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()

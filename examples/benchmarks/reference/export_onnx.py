#!/usr/bin/env python3
"""Exports the reference TvltModel encoder (tvlt_encoder_reference.py) of a checkpoint folder to ONNX, for
ONNX Runtime to run as the peer of the Java encoder (OrtEncoderBenchmark, compare.sh).

    /usr/bin/python3 export_onnx.py --model DIR --inputs FILE --out model.onnx [--opset 17]

Inputs: pixel_values [batch, frames, 3, H, W], audio_values [batch, 1, rows, freq], pixel_mask
[batch, pixel_tokens], audio_mask [batch, audio_tokens] (pass ones where the reference gets no mask: it
then adds (1 - 1) * finfo.min = 0). Outputs: last_hidden_state, last_pixel_hidden_state,
last_audio_hidden_state. The graph is traced from the torch modules in float32, so it computes what the
reference computes; ORT applies its own graph optimisations (fused attention, LayerNorm, GELU) when it
loads it.

The graph is for the shapes of the tensor file --inputs (the file the benchmark then runs): the reference's
repeat_interleave of the temporal and positional embeddings traces to constant repeat counts, so a graph
traced at one frame count or spectrogram length does not run at another.
"""
import argparse
import os

import torch

from tvlt_encoder_reference import Config, load_model, read_inputs

NAMES_IN = ["pixel_values", "audio_values", "pixel_mask", "audio_mask"]
NAMES_OUT = ["last_hidden_state", "last_pixel_hidden_state", "last_audio_hidden_state"]


def export(folder, inputs, out, opset=17):
    config = Config.from_json(os.path.join(folder, "config.json"))
    model = load_model(folder)
    pixel_values, audio_values, pixel_mask, audio_mask = read_inputs(inputs)
    batch = pixel_values.size(0)
    if pixel_mask is None:
        pixel_mask = torch.ones(batch, pixel_values.size(1) * (config.image_size // config.image_patch_size[0])
                                * (config.image_size // config.image_patch_size[1]))
    if audio_mask is None:
        audio_mask = torch.ones(batch, (audio_values.size(2) // config.audio_patch_size[0])
                                * (config.frequency_length // config.audio_patch_size[1]))
    tmp = out + ".part"
    with torch.no_grad():
        torch.onnx.export(model, (pixel_values, audio_values, pixel_mask, audio_mask), tmp, input_names=NAMES_IN,
                          output_names=NAMES_OUT, opset_version=opset, do_constant_folding=True)
    os.replace(tmp, out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, metavar="DIR")
    parser.add_argument("--out", required=True)
    parser.add_argument("--inputs", required=True, metavar="FILE",
                        help="tensor file (bare or 'input.' names, e.g. a golden case) whose shapes the graph is for")
    parser.add_argument("--opset", type=int, default=17)
    args = parser.parse_args()
    export(args.model, args.inputs, args.out, args.opset)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the base benchmark case that compare.sh gives to all three sides: a tvlt-base-size TvltModel
checkpoint folder with random weights (config.json + model.safetensors, transformers' TvltModel names) and
the input tensor files for batch 1 and batch 4.

    /usr/bin/python3 make_base_case.py OUT_DIR [--batches 1,4]

OUT_DIR/model/            config.json + model.safetensors (344 MB; torch's default initialisation, seed 42)
OUT_DIR/inputs-bN.safetensors   pixel_values, audio_values, pixel_mask, audio_mask: 8 frames of 224x224 and a
                          10 s clip (864 spectrogram rows, 861 valid) per sample, 2001 tokens (EncoderBenchmark's
                          default input)

Existing files are kept (the case is deterministic), so a second run costs nothing.
"""
import argparse
import dataclasses
import json
import os

import torch

from tvlt_encoder_reference import Config, TvltModel, inputs, write_safetensors


def write_checkpoint(folder, config):
    os.makedirs(folder, exist_ok=True)
    weights = os.path.join(folder, "model.safetensors")
    if not os.path.exists(weights):
        torch.manual_seed(42)
        model = TvltModel(config).eval()
        write_safetensors(weights + ".part", {k: v.detach().numpy() for k, v in model.state_dict().items()},
                          {"format": "pt"})
        os.replace(weights + ".part", weights)
    fields = dataclasses.asdict(config)
    fields.update(model_type="tvlt", architectures=["TvltModel"], hidden_act="gelu", torch_dtype="float32",
                  image_patch_size=list(config.image_patch_size), audio_patch_size=list(config.audio_patch_size))
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(fields, f, indent=2, sort_keys=True)


def write_inputs(path, config, batch):
    if os.path.exists(path):
        return
    pixel_values, audio_values, pixel_mask, audio_mask = inputs(config, batch)
    write_safetensors(path + ".part", {"pixel_values": pixel_values.numpy(), "audio_values": audio_values.numpy(),
                                       "pixel_mask": pixel_mask.numpy(), "audio_mask": audio_mask.numpy()})
    os.replace(path + ".part", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--batches", default="1,4")
    args = parser.parse_args()
    config = Config()
    write_checkpoint(os.path.join(args.out, "model"), config)
    for batch in [int(b) for b in args.batches.split(",")]:
        write_inputs(os.path.join(args.out, f"inputs-b{batch}.safetensors"), config, batch)


if __name__ == "__main__":
    main()

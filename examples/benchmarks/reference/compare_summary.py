#!/usr/bin/env python3
"""The summary table of a compare.sh log: per side and batch the median over rounds of each run's median
forward time, its ratio to ONNX Runtime's, GFLOP/s, the percentage of the best single-precision GEMM figure
that the probes measured in the same run, and the largest peak RSS; then the cold start.

    python3 compare_summary.py LOG CONFIG_JSON
"""
import re
import statistics
import sys
from collections import defaultdict

from tvlt_encoder_reference import Config, flops

FRAMES = 8          # make_base_case.py's input: 8 frames and 864 spectrogram rows per sample
AUDIO_ROWS = 864


def fields(line):
    return dict(re.findall(r"(\w+)=(\S+)", line))


def main():
    log, config_path = sys.argv[1], sys.argv[2]
    config = Config.from_json(config_path)
    results = defaultdict(list)
    rss = defaultdict(int)
    loads = defaultdict(list)
    probes = []
    cold = []
    with open(log) as f:
        for line in f:
            if line.startswith("RESULT "):
                r = fields(line)
                key = (r["side"], int(r["batch"]))
                results[key].append(float(r["median_ms"]))
                rss[key] = max(rss[key], int(r["peak_rss_kb"]))
                loads[key].append(float(r["load"]))
            elif line.startswith("PROBE "):
                probes.append((fields(line)["name"], int(fields(line)["threads"]), float(fields(line)["best"])))
            elif line.startswith("COLD "):
                cold.append(fields(line))
    peak = max((g for _, threads, g in probes if threads > 1), default=max((g for *_, g in probes), default=0))
    per_frame = (config.image_size // config.image_patch_size[0]) * (config.image_size // config.image_patch_size[1])
    pixel_tokens = FRAMES * per_frame
    audio_tokens = (AUDIO_ROWS // config.audio_patch_size[0]) * (config.frequency_length // config.audio_patch_size[1])
    seq = 1 + pixel_tokens + audio_tokens
    print()
    print(f"# summary: sgemm peak of this run {peak:.0f} GFLOP/s (best all-core probe: "
          + ", ".join(f"{n} {t} threads {g:.0f}" for n, t, g in probes) + ")")
    print(f"| side | batch | median of run medians | runs (ms) | ratio to ORT | GFLOP/s | % of sgemm peak "
          f"| peak RSS | load during runs |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (side, batch) in sorted(results, key=lambda k: (k[1], ["ort", "ours", "torch"].index(k[0])
                                                          if k[0] in ("ort", "ours", "torch") else 9)):
        times = results[(side, batch)]
        median = statistics.median(times)
        ort = results.get(("ort", batch))
        ratio = f"{median / statistics.median(ort):.2f}" if ort else "n/a"
        total = flops(config, batch, seq, pixel_tokens, audio_tokens)
        gflops = total / median / 1e6
        share = f"{100 * gflops / peak:.0f}%" if peak else "n/a"
        print(f"| {side} | {batch} | {median / 1000:.2f} s | {', '.join(f'{t:.0f}' for t in times)} | {ratio} "
              f"| {gflops:.0f} | {share} | {rss[(side, batch)] / 1024:.0f} MB "
              f"| {min(loads[(side, batch)]):.1f}-{max(loads[(side, batch)]):.1f} |")
    print(f"(batch b = b x {seq} tokens, {flops(config, 1, seq, pixel_tokens, audio_tokens) / 1e12:.3f} TFLOP per sample)")
    if cold:
        firsts = sorted(int(c["first_vector_ms"]) for c in cold)
        print(f"cold start (JVM start to first vector of tvlt embed, one 8-frame 10 s clip): median "
              f"{statistics.median(firsts) / 1000:.2f} s (runs {', '.join(str(t) for t in firsts)} ms), peak RSS "
              f"{max(int(c['peak_rss_kb']) for c in cold) / 1024:.0f} MB")


if __name__ == "__main__":
    main()

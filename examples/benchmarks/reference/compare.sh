#!/usr/bin/env bash
# Side-by-side encoder benchmark: the Java encoder (`tvlt infer --repeat N`), ONNX Runtime Java on the exported
# reference graph, and the PyTorch reference, interleaved in one session on the same weights and inputs (the
# tvlt-base configuration with random weights; 8 frames of 224x224 + a 10 s clip = 2001 tokens per sample),
# every side in the environment a user has (no OPENBLAS_*, OMP_*, GOMP_*, MKL_* variables, no JVM flags).
#
# From a fresh checkout (Debian; the first run writes the base case and the ONNX graphs, ~1.4 GB, once):
#
#   apt-get install -y python3-torch python3-onnx libopenblas0-pthread
#   mvn -B -ntp -DskipTests package
#   examples/benchmarks/reference/compare.sh [rounds=3] [batches=1,4] [iterations=3]
#
# Environment knobs: SIDES (default ort,ours,torch; the order within a round), COLD_RUNS (default 3), COMPARE_DIR (default
# ~/.cache/tvlt-compare: the generated case), RESULTS (default: results/<date>-<time>-compare.txt next to
# this script). Each run prints its load average first; the machine may be shared, so only ratios taken in
# the same run mean anything.
#
# What it prints at the end, per side and batch: the median over rounds of each run's median forward time
# (the first forward of a process is a warm-up and not timed), the ratio to ONNX Runtime, GFLOP/s (FLOPs from
# the configuration: patch projections + 12 layers' linear maps and attention products), the percentage of
# the single-precision GEMM peak measured in the same run (cblas_sgemm 2048^3 through the OpenBLAS the Java
# encoder uses, on all cores, and numpy's, before and after the rounds; the best of them), and the peak RSS
# of the process (/usr/bin/time -v). Then the cold start: from the JVM's start to the first vector of
# `tvlt embed` on one generated clip (8 frames, 10 s) with the base-size checkpoint folder already on disk.
set -euo pipefail
rounds=${1:-3}
batches=${2:-1,4}
iterations=${3:-3}
sides=${SIDES:-ort,ours,torch}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bench_jar="$root/examples/benchmarks/target/benchmarks.jar"
cli_jar="$root/examples/cli/target/tvlt.jar"
python=${PYTHON:-/usr/bin/python3}
case_dir=${COMPARE_DIR:-$HOME/.cache/tvlt-compare}
results=${RESULTS:-$here/results/$(date -u +%Y-%m-%d-%H%M)-compare.txt}
threads=$(nproc)

for f in "$bench_jar" "$cli_jar"; do
  [ -f "$f" ] || { echo "compare.sh: $f is missing: run 'mvn -B -ntp -DskipTests package' first" >&2; exit 1; }
done
"$python" -c 'import torch' 2>/dev/null \
  || { echo "compare.sh: $python has no torch: apt-get install -y python3-torch python3-onnx libopenblas0-pthread" >&2; exit 1; }

# The user's environment: none of the variables that pick BLAS kernels or threads.
unset_args=()
for v in $(compgen -e); do
  case "$v" in OPENBLAS_*|OMP_*|GOMP_*|MKL_*|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS) unset_args+=(-u "$v") ;; esac
done
clean() { env "${unset_args[@]}" "$@"; }

mkdir -p "$case_dir" "$(dirname "$results")"
exec > >(tee "$results") 2>&1

echo "# compare.sh $rounds rounds, batches $batches, $iterations timed forwards per run, sides $sides"
echo "# $(date -u -Is), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
     "flags: $(grep -o -w -E 'avx2|avx512f|avx512_bf16|amx_bf16|amx_tile' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "# $(java -version 2>&1 | head -1); $("$python" -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)')"
echo "# environment removed for every side: ${unset_args[*]:-(nothing to remove)}"
echo "# git: $(git -C "$root" log --oneline -1 2>/dev/null || echo unknown)"
echo "# load before: $(cat /proc/loadavg)"

# The case: random base-size weights (safetensors + config.json), batch 1 and 4 inputs, the ONNX graph per batch.
IFS=, read -r -a batch_list <<< "$batches"
"$python" "$here/make_base_case.py" "$case_dir" --batches "$batches"
for b in "${batch_list[@]}"; do
  if [ ! -f "$case_dir/encoder-b$b.onnx" ]; then
    echo "# exporting the reference encoder to $case_dir/encoder-b$b.onnx (once; minutes)"
    clean "$python" "$here/export_onnx.py" --model "$case_dir/model" --inputs "$case_dir/inputs-b$b.safetensors" \
        --out "$case_dir/encoder-b$b.onnx"
  fi
done
if [ ! -d "$case_dir/clip" ]; then
  java -jar "$cli_jar" samples --out "$case_dir/clip" --clips 1 --seconds 10 > /dev/null
fi

# Runs one command under /usr/bin/time; prints its output and a RESULT line with its peak RSS.
run() {
  local side=$1 batch=$2 round=$3
  shift 3
  echo "## round $round $side batch $batch, load $(cut -d' ' -f1-3 /proc/loadavg)"
  local log
  log=$(mktemp)
  if ! clean /usr/bin/time -v -o "$log.time" "$@" > "$log" 2>&1; then
    cat "$log" "$log.time"
    echo "compare.sh: the $side run failed" >&2
    exit 1
  fi
  grep -v -E '^\s*$' "$log" | grep -v -E 'TracerWarning|^\s+(warn|if |return )' | tail -n 12
  local median rss
  median=$(sed -n 's/.*forward_ms median=\([0-9.]*\).*/\1/p' "$log" | tail -1)
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log.time")
  echo "RESULT side=$side batch=$batch round=$round median_ms=$median peak_rss_kb=$rss load=$(cut -d' ' -f1 /proc/loadavg)"
  rm -f "$log" "$log.time"
}

probe() {
  echo "## sgemm probe ($1), load $(cut -d' ' -f1-3 /proc/loadavg)"
  clean env OPENBLAS_VERBOSE=2 java -cp "$bench_jar" ai.tvlt.examples.benchmarks.SgemmProbe 2>&1 \
      | grep -E 'Core|OpenBLAS|sgemm_gflops' | sed 's/^sgemm_gflops/PROBE name=java-openblas/'
  clean "$python" - <<'EOF'
import time, numpy as np, os
n = 2048
a = np.random.default_rng(1).random((n, n), dtype=np.float32)
b = np.random.default_rng(2).random((n, n), dtype=np.float32)
a @ b
g = []
for _ in range(5):
    s = time.perf_counter(); a @ b; g.append(2 * n ** 3 / (time.perf_counter() - s) / 1e9)
g.sort()
print(f"PROBE name=numpy threads={os.cpu_count()} best={g[-1]:.1f} median={g[2]:.1f} n={n}")
EOF
}

probe before
for round in $(seq 1 "$rounds"); do
  for b in "${batch_list[@]}"; do
    inputs="$case_dir/inputs-b$b.safetensors"
    for side in ${sides//,/ }; do
      case "$side" in
        ort) run ort "$b" "$round" java -cp "$bench_jar" ai.tvlt.examples.benchmarks.OrtEncoderBenchmark \
                 --graph "$case_dir/encoder-b$b.onnx" --inputs "$inputs" --config "$case_dir/model/config.json" \
                 --threads "$threads" --iterations "$iterations" \
                 $( [ -f "$case_dir/ours-b$b.safetensors" ] && echo --compare "$case_dir/ours-b$b.safetensors") ;;
        ours) run ours "$b" "$round" java -jar "$cli_jar" infer --model "$case_dir/model" --task model \
                  --inputs "$inputs" --out "$case_dir/ours-b$b.safetensors" --repeat "$iterations" ;;
        torch) run torch "$b" "$round" "$python" "$here/tvlt_encoder_reference.py" --model "$case_dir/model" \
                   --inputs "$inputs" --threads "$threads" --warmup 1 --iterations "$iterations" ;;
        *) echo "compare.sh: unknown side '$side' in SIDES (ort, ours, torch)" >&2; exit 2 ;;
      esac
    done
  done
done
probe after

# Cold start: JVM start to the first vector on stdout (one clip, checkpoint folder on disk, page cache warm).
for i in $(seq 1 "${COLD_RUNS:-3}"); do
  echo "## cold start $i, load $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -f "$case_dir/embed.first"
  start=$(date +%s%N)
  clean /usr/bin/time -v -o "$case_dir/embed.time" java -jar "$cli_jar" embed --model "$case_dir/model" \
      --dir "$case_dir/clip" --no-progress 2> "$case_dir/embed.err" \
    | { if IFS= read -r line; then echo $(( ($(date +%s%N) - start) / 1000000 )) > "$case_dir/embed.first"; fi
        cat > /dev/null; }
  total=$(( ($(date +%s%N) - start) / 1000000 ))
  [ -s "$case_dir/embed.first" ] || { cat "$case_dir/embed.err"; echo "compare.sh: tvlt embed printed no vector" >&2; exit 1; }
  echo "COLD first_vector_ms=$(cat "$case_dir/embed.first") process_ms=$total" \
       "peak_rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$case_dir/embed.time")" \
       "load=$(cut -d' ' -f1 /proc/loadavg)"
done
echo "# load after: $(cat /proc/loadavg)"

"$python" "$here/compare_summary.py" "$results" "$case_dir/model/config.json"

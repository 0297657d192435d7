#!/usr/bin/env bash
# Times the Java encoder (EncoderBenchmark) and the PyTorch reference re-implementation
# (tvlt_encoder_reference.py) back to back, interleaved, on the same machine and environment, with the
# load average before each run (the machine may be shared: compare runs made at similar load, and the
# process CPU times, which other processes do not inflate).
#
#   examples/benchmarks/reference/compare.sh [rounds] [batches] [iterations]
#   e.g. examples/benchmarks/reference/compare.sh 3 1,4 3
#
# Needs the benchmarks jar (mvn -o -q -B -pl examples/benchmarks -am package -DskipTests) and torch for
# /usr/bin/python3 (Debian: apt-get install python3-torch libopenblas0-pthread). Both sides see the same
# OPENBLAS_CORETYPE (and OMP/OpenBLAS variables) as this script.
set -euo pipefail
rounds=${1:-3}
batches=${2:-1,4}
iterations=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/benchmarks.jar"
python=${PYTHON:-/usr/bin/python3}
echo "# $(date -Is) $(nproc) cores, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(unset)}, java: $(java -version 2>&1 | head -1)"
for round in $(seq 1 "$rounds"); do
  for side in java torch; do
    echo "## round $round $side, $(uptime)"
    if [ "$side" = java ]; then
      java -Xmx2g -cp "$jar" ai.tvlt.examples.benchmarks.EncoderBenchmark --batch "$batches" --warmup 1 \
          --iterations "$iterations" 2>&1 | grep -E '^(batch|load|peak|[0-9]+ lanes|Exception|Caused)'
    else
      "$python" "$here/tvlt_encoder_reference.py" --batch "$batches" --warmup 1 --iterations "$iterations" --threads 2
    fi
  done
done

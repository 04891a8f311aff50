#!/usr/bin/env bash
# Reproduces the partnerships figures of the README's performance section
# (see partnerships_bench.py). Usage: run.sh [build dir] [out dir]
# Env: PAIRS (5), DURATION (3s), WARMUP (1s), AGREEMENTS (10000),
# SEED_THREADS (8), SIGNATURES (600), SIGN_THREADS (8).
set -euo pipefail
BUILD=${1:-$(cd "$(dirname "$0")/../../.." && pwd)/build}
export OUT=${2:-$(mktemp -d /tmp/partnerships_bench.XXXXXX)}
cmake --build "$BUILD" --target masar masar-bench masar_e2e_python_stubs >/dev/null
export MASAR_BIN=$BUILD/services/masar/masar
export MASAR_BENCH=$BUILD/tools/masar-bench/masar-bench
export MASAR_PY_STUBS=$BUILD/tests/e2e/py
mkdir -p "$OUT"
/usr/bin/python3 "$(dirname "$0")/partnerships_bench.py" | tee "$OUT/summary.json"

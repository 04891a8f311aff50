#!/usr/bin/env bash
# Reproduces the identity figures of the README's performance section (see
# identity_bench.py). Usage: run.sh [build dir] [out dir]
# Env: PAIRS (5), DURATION (3s), WARMUP (1s).
set -euo pipefail
BUILD=${1:-$(cd "$(dirname "$0")/../../.." && pwd)/build}
export OUT=${2:-$(mktemp -d /tmp/identity_bench.XXXXXX)}
cmake --build "$BUILD" --target masar masar-bench masar_e2e_python_stubs >/dev/null
export MASAR_BIN=$BUILD/services/masar/masar
export MASAR_BENCH=$BUILD/tools/masar-bench/masar-bench
export MASAR_PY_STUBS=$BUILD/tests/e2e/py
mkdir -p "$OUT"
/usr/bin/python3 "$(dirname "$0")/identity_bench.py" | tee "$OUT/summary.json"

#!/usr/bin/env bash
# Reproduces every figure of RESULTS.md: each threading mode of
# threading_bench_server against masar-bench's bare echo baseline, then the
# blocking-stall scenario. Usage: run.sh [build dir] [out dir]
# Env: DURATION (5s), WARMUP (1s), PAIRS (5), CONCURRENCY (64).
set -euo pipefail

BUILD=${1:-/work/main/build}
OUT=${2:-$(mktemp -d /tmp/threading_bench_results.XXXXXX)}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-1s}
PAIRS=${PAIRS:-5}
CONCURRENCY=${CONCURRENCY:-64}
BIN=$BUILD/tests/bench/threading
SERVER=$BIN/threading_bench_server
CLIENT=$BIN/threading_bench_client
SERVICE=/masar.threadbench.v1.ThreadBenchService
HERE=$(cd "$(dirname "$0")" && pwd)

ninja -C "$BUILD" threading_bench_server threading_bench_client >/dev/null
mkdir -p "$OUT"
echo '{"id": 4242}' > "$OUT/request.json"
SERVER_PIDS=()
trap 'for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

# start_server <name> <flags...>: starts a server, sets PORT and SERVER_PID.
start_server() {
  local name=$1; shift
  "$SERVER" "$@" > "$OUT/$name.port" 2> "$OUT/$name.server.log" &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  for _ in $(seq 100); do
    [[ -s "$OUT/$name.port" ]] && break
    sleep 0.1
  done
  PORT=$(head -1 "$OUT/$name.port")
}

stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" || true; }

# bench <name> <method> <server flags...>: one server, target vs baseline.
bench() {
  local name=$1 method=$2; shift 2
  start_server "$name" "$@"
  echo "== $name: $SERVER $* ; method $method (port $PORT)"
  "$CLIENT" --target "127.0.0.1:$PORT" --method "$SERVICE/$method" \
    --request "$OUT/request.json" --concurrency "$CONCURRENCY" \
    --duration "$DURATION" --warmup "$WARMUP" --baseline --pairs "$PAIRS" \
    --json "$OUT/$name.json" | tee "$OUT/$name.txt"
  stop_server
}

uptime | tee "$OUT/uptime.before"
bench a_callback_inline_sql GetRow --mode callback-inline
bench b_executor_2 GetRow --mode callback-executor --executor-threads 2 --executor-queue 1024
bench b_executor_4 GetRow --mode callback-executor --executor-threads 4 --executor-queue 1024
bench b_executor_8 GetRow --mode callback-executor --executor-threads 8 --executor-queue 1024
bench c_sync_1cq_1-2pollers GetRow --mode sync --sync-cqs 1 --sync-min-pollers 1 --sync-max-pollers 2
bench c_sync_2cq_2-4pollers GetRow --mode sync --sync-cqs 2 --sync-min-pollers 2 --sync-max-pollers 4
bench c_sync_2cq_2-4pollers_64threads GetRow --mode sync --sync-cqs 2 --sync-min-pollers 2 --sync-max-pollers 4 --sync-max-threads 64
bench d_cache_inline GetCachedRow --mode callback-executor
bench e_cache_executor_4 GetCachedRow --mode callback-executor --executor-threads 4 --cached-on-executor
uptime | tee "$OUT/uptime.middle"

# The blocking stall: 16 GetRow calls in flight, every 10th sleeping 20 ms in
# the SQL path, while 16 GetCachedRow calls (inline, mode d) are measured on
# the same server. Servers alternate within each round.
STALL_FLAGS=(--slow-every 10 --slow-ms 20)
declare -A STALL_PORTS STALL_PIDS
start_server stall_a --mode callback-inline "${STALL_FLAGS[@]}"
STALL_PORTS[a]=$PORT
start_server stall_b --mode callback-executor --executor-threads 4 "${STALL_FLAGS[@]}"
STALL_PORTS[b]=$PORT
start_server stall_c --mode sync --sync-cqs 2 --sync-min-pollers 2 --sync-max-pollers 4 --sync-max-threads 64 "${STALL_FLAGS[@]}"
STALL_PORTS[c]=$PORT
for round in $(seq "$PAIRS"); do
  for mode in a b c; do
    port=${STALL_PORTS[$mode]}
    "$CLIENT" --target "127.0.0.1:$port" --method "$SERVICE/GetRow" \
      --request "$OUT/request.json" --concurrency 16 --duration 7s \
      --warmup 1s --json "$OUT/stall_${mode}_${round}.slow.json" \
      > "$OUT/stall_${mode}_${round}.slow.txt" &
    slow=$!
    sleep 1.5
    "$CLIENT" --target "127.0.0.1:$port" --method "$SERVICE/GetCachedRow" \
      --request "$OUT/request.json" --concurrency 16 --duration "$DURATION" \
      --warmup "$WARMUP" --json "$OUT/stall_${mode}_${round}.fast.json" \
      > "$OUT/stall_${mode}_${round}.fast.txt"
    wait "$slow"
    echo "stall round $round mode $mode: $(grep 'target 1' "$OUT/stall_${mode}_${round}.fast.txt")"
  done
done
uptime | tee "$OUT/uptime.after"

/usr/bin/python3 "$HERE/summarize.py" "$OUT" | tee "$OUT/summary.md"
echo "raw results: $OUT"

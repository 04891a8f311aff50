#!/usr/bin/env bash
# Event delivery latency (commit -> effect, p50/p99) with notices and with
# polling only, and events/s one consumer applies; SQLite, then PostgreSQL
# (a throwaway cluster from pg_virtualenv), each with a real redis-server.
# Usage: tests/bench/events/run.sh [build dir, default build]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
build="${1:-$root/build}"
cmake --build "$build" --target event_bench >/dev/null
bench="$build/tests/bench/events/event_bench"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
dir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" >/dev/null
trap 'kill "$(cat "$dir/redis.pid")"; rm -rf "$dir"' EXIT
"$bench" --redis="127.0.0.1:$port"
pg_virtualenv -o fsync=on sh -c \
  "\"$bench\" --redis=127.0.0.1:$port --postgres=postgresql://\$PGUSER:\$PGPASSWORD@\$PGHOST:\$PGPORT/\$PGDATABASE"

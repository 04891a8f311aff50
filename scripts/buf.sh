#!/usr/bin/env bash
# Runs the buf CLI pinned in tools/buf (installed from npm on first use).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
buf="$root/tools/buf/node_modules/.bin/buf"
if [[ ! -x "$buf" ]]; then
  if ! command -v npm >/dev/null; then
    echo "buf.sh: npm is missing; run ./scripts/test.sh once to install it" >&2
    exit 1
  fi
  # `npm install` rather than `npm ci`: npm 11 refuses a lock file that
  # lists only some platforms' optional packages, which npm 9 writes.
  npm install --prefix "$root/tools/buf" --no-save --no-audit --no-fund \
    --loglevel=error >&2
fi
exec "$buf" "$@"

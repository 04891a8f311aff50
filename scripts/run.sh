#!/usr/bin/env bash
# Installs what is missing, builds, and starts the whole suite locally in one
# process on its embedded defaults (data under ./var). Ctrl-C stops it.
# Flags after `--` go to `masar serve` (see `masar serve --help`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

masar::install_packages "${MASAR_BUILD_PACKAGES[@]}"
masar::install_npm
masar::log "Building masar"
masar::build masar

port="${MASAR_PORT:-50051}"
cat >&2 <<HELP

Masar is starting on 127.0.0.1:$port (data in $MASAR_ROOT/var).
Call it from another terminal with any gRPC tool; for example, through
server reflection with buf (installed on first use):

  ./scripts/buf.sh curl --protocol grpc --http2-prior-knowledge \\
      --reflect-protocol grpc-v1alpha --list-services http://127.0.0.1:$port

  ./scripts/buf.sh curl --protocol grpc --http2-prior-knowledge \\
      --reflect-protocol grpc-v1alpha \\
      -d '{"service":"masar.identity.v1.IdentityService"}' \\
      http://127.0.0.1:$port/grpc.health.v1.Health/Check

HELP
cd "$MASAR_ROOT"
if [[ "${1:-}" == "--" ]]; then shift; fi
exec "$MASAR_BUILD_DIR/services/masar/masar" serve --services=all \
  --port="$port" --data-dir="$MASAR_ROOT/var" "$@"

#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test.
# Works as root or with sudo, on a developer machine and in CI (CI=true).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

masar::install_packages "${MASAR_BUILD_PACKAGES[@]}" "${MASAR_TEST_PACKAGES[@]}"
masar::install_npm
"$MASAR_ROOT/scripts/buf.sh" --version >/dev/null  # installs the pinned buf

masar::log "Building ($MASAR_BUILD_DIR)"
masar::build

# Most tests wait on sockets and child processes more than on the CPU, so
# run twice as many as there are cores.
jobs=$(($(nproc) * 2))
masar::log "Running tests (ctest -j$jobs)"
ctest --test-dir "$MASAR_BUILD_DIR" -j"$jobs" --output-on-failure \
  --timeout 900 "$@"

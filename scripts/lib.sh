# Shared by run.sh and test.sh: the packages Masar needs and how to build it.
# Sourced, not executed.

MASAR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MASAR_BUILD_DIR="${MASAR_BUILD_DIR:-$MASAR_ROOT/build}"

# What building needs (all from Debian 12).
MASAR_BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  grpc-proto libabsl-dev libhiredis-dev libgtest-dev libgmock-dev
  libbenchmark-dev libpq-dev libsqlite3-dev libsodium-dev libssl-dev
  nlohmann-json3-dev libcli11-dev tzdata
)
# What the tests need beyond that: real servers and a client that shares no
# code with ours.
MASAR_TEST_PACKAGES=(python3 python3-grpcio python3-jwt python3-cryptography prometheus
  redis-server postgresql openssl)

masar::log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

masar::as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Installs whichever of the named Debian packages are missing.
masar::install_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]} == 0)); then return 0; fi
  masar::log "Installing ${missing[*]}"
  masar::as_root apt-get update -qq
  masar::as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# npm, for the pinned buf CLI (tools/buf); Debian's when none is on PATH.
masar::install_npm() {
  command -v npm >/dev/null || masar::install_packages npm
}

# Configures (Release, Ninja, ccache) and builds the named targets, or all.
masar::build() {
  cmake -S "$MASAR_ROOT" -B "$MASAR_BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE="${MASAR_BUILD_TYPE:-Release}" >/dev/null
  local targets=()
  if (($# > 0)); then targets=(--target "$@"); fi
  cmake --build "$MASAR_BUILD_DIR" "${targets[@]}"
}

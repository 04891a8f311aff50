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
# The first administrator, created once on an empty identity store. Its
# password is generated on first run and kept, for this laptop only, in
# var/bootstrap-admin-password (mode 0600).
mkdir -p "$MASAR_ROOT/var"
password_file="$MASAR_ROOT/var/bootstrap-admin-password"
if [[ ! -s "$password_file" ]]; then
  (umask 077; head -c 18 /dev/urandom | base64 > "$password_file")
fi
export MASAR_BOOTSTRAP_ADMIN_EMAIL="${MASAR_BOOTSTRAP_ADMIN_EMAIL:-admin@masar.local}"
export MASAR_BOOTSTRAP_ADMIN_PASSWORD="${MASAR_BOOTSTRAP_ADMIN_PASSWORD:-$(cat "$password_file")}"
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

Sign up and sign in (the access token goes in "authorization: Bearer ..."):

  ./scripts/buf.sh curl --protocol grpc --http2-prior-knowledge \
      --reflect-protocol grpc-v1alpha \
      -d '{"user":{"displayName":"Amina","email":"amina@example.ma","preferredLanguage":"LANGUAGE_FR"},"password":"a long enough passphrase"}' \
      http://127.0.0.1:$port/masar.identity.v1.IdentityService/CreateUser
  ./scripts/buf.sh curl --protocol grpc --http2-prior-knowledge \
      --reflect-protocol grpc-v1alpha \
      -d '{"email":"amina@example.ma","password":"a long enough passphrase"}' \
      http://127.0.0.1:$port/masar.identity.v1.IdentityService/Authenticate

The administrator is $MASAR_BOOTSTRAP_ADMIN_EMAIL with the password in
var/bootstrap-admin-password; its first sign-in gives a token for enrolling
MFA (BeginMfaEnrollment, ConfirmMfaEnrollment), and PLATFORM_ADMIN comes with
the next sign-in that passes the TOTP code (VerifyMfaChallenge).

HELP
cd "$MASAR_ROOT"
if [[ "${1:-}" == "--" ]]; then shift; fi
exec "$MASAR_BUILD_DIR/services/masar/masar" serve --services=all \
  --port="$port" --data-dir="$MASAR_ROOT/var" "$@"

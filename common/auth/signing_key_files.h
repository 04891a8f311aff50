#ifndef MASAR_COMMON_AUTH_SIGNING_KEY_FILES_H_
#define MASAR_COMMON_AUTH_SIGNING_KEY_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/signing_key_set.h"

namespace masar::auth {

// Token signing keys from a directory, the way a Kubernetes Secret is
// mounted: every file whose name ends in ".ed25519" (symbolic links
// followed, names starting with "." skipped) holds one Ed25519 seed, as 32
// raw bytes or 64 hex digits (a trailing newline allowed), made for example
// with `openssl rand -hex 32 > 2026-11-22.ed25519`. Keys order by file
// name, so name them by date: the last signs, and all are published in the
// JWKS, so tokens signed by an older key verify until they expire. Each
// key's kid is its JWK thumbprint (RFC 7638).
//
// Rotation: add the new file, let every replica restart, and remove the
// old one no sooner than the longest token lifetime (15 minutes) later.
// FAILED_PRECONDITION for a directory without keys, a key file readable by
// group or others, or one that holds something else than a seed (named,
// its content never shown).
absl::StatusOr<SigningKeySet> LoadSigningKeys(const std::string& dir);

// The key of a 32-byte Ed25519 seed, its kid the JWK thumbprint.
// INVALID_ARGUMENT for another length.
absl::StatusOr<SigningKey> KeyFromSeed(absl::string_view seed);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_SIGNING_KEY_FILES_H_

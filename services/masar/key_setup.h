#ifndef MASAR_SERVICES_MASAR_KEY_SETUP_H_
#define MASAR_SERVICES_MASAR_KEY_SETUP_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/signing_key_set.h"
#include "common/config/serve_config.h"
#include "common/crypto/ed25519.h"
#include "common/keys/key_ring.h"
#include "common/sql/database.h"

namespace masar {

// The kinds of key a store holds values of: the audit checkpoint key for
// every service; identity's TOTP, national-id and lookup keys besides.
std::vector<keys::KeyKind> StoreKeyKinds(const std::string& service);

// The keys a process hosting `services` needs (token signing apart, see
// TokenSigningKeys): from `--keys-dir` when given, every needed kind
// required there (FAILED_PRECONDITION naming the missing `<kind>.*` file);
// otherwise generated on first start under `<data-dir>/keys`.
absl::StatusOr<keys::KeySet> LoadServeKeys(
    const ServeConfig& config, const std::vector<std::string>& services);

// Identity's token signing keys: `--token-signing-keys` (its *.ed25519
// files, as before), or the token-signing.* keys of `--keys-dir`, or one
// generated under `<data-dir>/keys`. Both flags naming keys is refused.
// Staged keys are published but do not sign.
absl::StatusOr<auth::SigningKeySet> TokenSigningKeys(
    const ServeConfig& config);

// Checks `db`'s recorded key fingerprints against `keys` for every kind in
// StoreKeyKinds(service), then records the current keys
// (keys::CheckKeyFingerprints): a replica with other keys refuses to start.
absl::Status CheckStoreKeys(sql::Database& db, const std::string& service,
                            const keys::KeySet& keys, absl::Time now);

// The key that signs audit checkpoints, and the public keys of every held
// one (VerifyAuditChain trusts a checkpoint signed by any).
absl::StatusOr<crypto::Ed25519KeyPair> AuditCheckpointKey(
    const keys::KeySet& keys);
absl::StatusOr<std::vector<std::string>> AuditCheckpointPublicKeys(
    const keys::KeySet& keys);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_KEY_SETUP_H_

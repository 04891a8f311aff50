#include "services/masar/key_setup.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/signing_key_files.h"
#include "common/keys/key_directory.h"
#include "common/keys/key_fingerprints.h"
#include "common/status/status_macros.h"

namespace masar {
namespace {

using keys::KeyKind;

bool Hosts(const std::vector<std::string>& services, absl::string_view name) {
  for (const std::string& service : services) {
    if (service == name) return true;
  }
  return false;
}

absl::Status MissingKind(const ServeConfig& config, KeyKind kind) {
  return absl::FailedPreconditionError(absl::StrCat(
      "--keys-dir ", config.keys_dir, " (MASAR_KEYS_DIR) holds no ",
      keys::KindName(kind), " key: add a file named ", keys::KindName(kind),
      ".<label> (32 bytes, or 64 hex digits from `openssl rand -hex 32`, "
      "mode 0400)"));
}

// The signing keys of a token-signing ring: staged keys first, so that the
// current one, added last, signs (SigningKeySet: the last added on a tie).
absl::StatusOr<auth::SigningKeySet> SigningKeysOf(const keys::KeyRing& ring) {
  auth::SigningKeySet set;
  std::vector<const keys::Key*> order;
  for (const keys::Key& key : ring.keys()) {
    if (&key != &ring.current()) order.push_back(&key);
  }
  order.push_back(&ring.current());
  for (const keys::Key* key : order) {
    absl::StatusOr<auth::SigningKey> signing = auth::KeyFromSeed(key->secret);
    if (!signing.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("token signing key ", key->source,
                       ": not an Ed25519 seed"));
    }
    RETURN_IF_ERROR(set.Add(*std::move(signing)));
  }
  return set;
}

}  // namespace

std::vector<KeyKind> StoreKeyKinds(const std::string& service) {
  if (service == "identity") {
    return {KeyKind::kAuditCheckpoint, KeyKind::kTotp, KeyKind::kNationalId,
            KeyKind::kNationalIdLookup};
  }
  return {KeyKind::kAuditCheckpoint};
}

absl::StatusOr<keys::KeySet> LoadServeKeys(
    const ServeConfig& config, const std::vector<std::string>& services) {
  const std::vector<KeyKind> needed =
      StoreKeyKinds(Hosts(services, "identity") ? "identity" : "");
  if (config.keys_dir.empty()) {
    return keys::DataDirKeys(config.data_dir, needed);
  }
  ASSIGN_OR_RETURN(keys::KeySet set, keys::LoadKeyDirectory(config.keys_dir));
  for (KeyKind kind : needed) {
    if (!set.Has(kind)) return MissingKind(config, kind);
  }
  return set;
}

absl::StatusOr<auth::SigningKeySet> TokenSigningKeys(
    const ServeConfig& config) {
  std::optional<keys::KeySet> from_dir;
  if (!config.keys_dir.empty()) {
    ASSIGN_OR_RETURN(from_dir, keys::LoadKeyDirectory(config.keys_dir));
  }
  const bool in_dir =
      from_dir.has_value() && from_dir->Has(KeyKind::kTokenSigning);
  if (!config.token_signing_keys.empty()) {
    if (in_dir) {
      return absl::FailedPreconditionError(absl::StrCat(
          "token signing keys are given twice: by --token-signing-keys ",
          config.token_signing_keys, " and by the token-signing.* files of "
          "--keys-dir ", config.keys_dir, "; keep one"));
    }
    return auth::LoadSigningKeys(config.token_signing_keys);
  }
  if (from_dir.has_value()) {
    if (!in_dir) return MissingKind(config, KeyKind::kTokenSigning);
    ASSIGN_OR_RETURN(const keys::KeyRing* ring,
                     from_dir->Get(KeyKind::kTokenSigning));
    return SigningKeysOf(*ring);
  }
  ASSIGN_OR_RETURN(keys::KeySet generated,
                   keys::DataDirKeys(config.data_dir,
                                     {KeyKind::kTokenSigning}));
  ASSIGN_OR_RETURN(const keys::KeyRing* ring,
                   generated.Get(KeyKind::kTokenSigning));
  return SigningKeysOf(*ring);
}

absl::Status CheckStoreKeys(sql::Database& db, const std::string& service,
                            const keys::KeySet& keys, absl::Time now) {
  for (KeyKind kind : StoreKeyKinds(service)) {
    RETURN_IF_ERROR(keys::CheckKeyFingerprints(db, service, keys, kind, now));
  }
  return absl::OkStatus();
}

absl::StatusOr<crypto::Ed25519KeyPair> AuditCheckpointKey(
    const keys::KeySet& keys) {
  ASSIGN_OR_RETURN(const keys::KeyRing* ring,
                   keys.Get(KeyKind::kAuditCheckpoint));
  return crypto::Ed25519KeyPair::FromSeed(ring->current().secret);
}

absl::StatusOr<std::vector<std::string>> AuditCheckpointPublicKeys(
    const keys::KeySet& keys) {
  ASSIGN_OR_RETURN(const keys::KeyRing* ring,
                   keys.Get(KeyKind::kAuditCheckpoint));
  std::vector<std::string> public_keys;
  for (const keys::Key& key : ring->keys()) {
    ASSIGN_OR_RETURN(crypto::Ed25519KeyPair pair,
                     crypto::Ed25519KeyPair::FromSeed(key.secret));
    public_keys.push_back(pair.public_key());
  }
  return public_keys;
}

}  // namespace masar

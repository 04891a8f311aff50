#ifndef MASAR_COMMON_KEYS_KEY_RING_H_
#define MASAR_COMMON_KEYS_KEY_RING_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::keys {

// The kinds of key a process holds. Every one that replicas must share
// comes from one operator-provided directory (key_directory.h).
enum class KeyKind {
  kTokenSigning,     // Ed25519 seed: identity's access tokens
  kAuditCheckpoint,  // Ed25519 seed: every service's audit checkpoints
  kTotp,             // secretbox key: users' TOTP secrets
  kNationalId,       // secretbox key: national identifiers
  kNationalIdLookup  // BLAKE2b key: national identifiers' lookup digests
};

// "token-signing", "audit-checkpoint", "totp", "national-id",
// "national-id-lookup": the file-name prefix in a key directory and the
// name in messages and in masar_key_fingerprints.
absl::string_view KindName(KeyKind kind);
// INVALID_ARGUMENT for an unknown name.
absl::StatusOr<KeyKind> KindFromName(absl::string_view name);
std::vector<KeyKind> AllKinds();

// Every key is 32 bytes: a secretbox or BLAKE2b key, or an Ed25519 seed.
inline constexpr size_t kKeyBytes = 32;

// The fingerprint of a key: 64 hex characters of a BLAKE2b digest keyed by
// the key itself, so it can be recorded and compared without revealing the
// key (it is a MAC of a constant under the key).
std::string Fingerprint(absl::string_view secret);
// A key's id: the first 8 bytes of its fingerprint, as 16 hex characters.
// Derived from the key, not from its file's name, so a key keeps its id when
// the file is renamed or copied from a data directory into a key directory.
std::string KeyIdOf(absl::string_view secret);

// One key and where it came from. Wipes its secret when destroyed.
struct Key {
  Key() = default;
  Key(std::string secret_bytes, std::string from, bool is_staged = false);
  Key(const Key& other) = default;
  Key& operator=(const Key& other) = default;
  ~Key();

  std::string id;           // KeyIdOf(secret)
  std::string fingerprint;  // Fingerprint(secret)
  std::string secret;       // kKeyBytes raw bytes
  std::string source;       // the file it was read from, for messages
  // Held (it opens, verifies) but not used to seal or sign yet: the first
  // step of a rotation without a window (key_directory.h).
  bool staged = false;
};

// The keys of one kind, oldest first. The newest key that is not staged
// seals (or signs); every key opens (or verifies).
class KeyRing {
 public:
  // FAILED_PRECONDITION without a key that may seal, or when two keys are
  // the same key (named by their files).
  static absl::StatusOr<KeyRing> Create(KeyKind kind, std::vector<Key> keys);

  KeyKind kind() const { return kind_; }
  const std::vector<Key>& keys() const { return keys_; }
  const Key& current() const { return keys_[current_]; }
  // The key with this id, or nullptr.
  const Key* Find(absl::string_view id) const;

 private:
  KeyRing(KeyKind kind, std::vector<Key> keys, size_t current)
      : kind_(kind), keys_(std::move(keys)), current_(current) {}

  KeyKind kind_;
  std::vector<Key> keys_;
  size_t current_;
};

// Every key ring a process holds, and where they came from, so that a
// refusal can name the flag that provides them.
class KeySet {
 public:
  explicit KeySet(std::string origin = "") : origin_(std::move(origin)) {}

  // "--keys-dir /etc/masar/keys (MASAR_KEYS_DIR)" or the data directory.
  const std::string& origin() const { return origin_; }

  void Put(KeyRing ring);
  bool Has(KeyKind kind) const { return rings_.count(kind) != 0; }
  // FAILED_PRECONDITION naming the kind and the origin when absent.
  absl::StatusOr<const KeyRing*> Get(KeyKind kind) const;

 private:
  std::string origin_;
  std::map<KeyKind, KeyRing> rings_;
};

}  // namespace masar::keys

#endif  // MASAR_COMMON_KEYS_KEY_RING_H_

#include "common/keys/key_ring.h"

#include <sodium.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"

namespace masar::keys {
namespace {

struct KindEntry {
  KeyKind kind;
  absl::string_view name;
};

constexpr KindEntry kKinds[] = {
    {KeyKind::kTokenSigning, "token-signing"},
    {KeyKind::kAuditCheckpoint, "audit-checkpoint"},
    {KeyKind::kTotp, "totp"},
    {KeyKind::kNationalId, "national-id"},
    {KeyKind::kNationalIdLookup, "national-id-lookup"},
};

// What the fingerprint MACs: versioned, so that a future scheme differs.
constexpr absl::string_view kFingerprintLabel = "masar key fingerprint v1";

}  // namespace

absl::string_view KindName(KeyKind kind) {
  for (const KindEntry& entry : kKinds) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

absl::StatusOr<KeyKind> KindFromName(absl::string_view name) {
  for (const KindEntry& entry : kKinds) {
    if (entry.name == name) return entry.kind;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown kind of key \"", name, "\""));
}

std::vector<KeyKind> AllKinds() {
  std::vector<KeyKind> kinds;
  for (const KindEntry& entry : kKinds) kinds.push_back(entry.kind);
  return kinds;
}

std::string Fingerprint(absl::string_view secret) {
  return crypto::KeyedDigestHex(kFingerprintLabel, secret);
}

std::string KeyIdOf(absl::string_view secret) {
  return Fingerprint(secret).substr(0, 16);
}

Key::Key(std::string secret_bytes, std::string from, bool is_staged)
    : id(KeyIdOf(secret_bytes)),
      fingerprint(Fingerprint(secret_bytes)),
      secret(std::move(secret_bytes)),
      source(std::move(from)),
      staged(is_staged) {}

Key::~Key() { sodium_memzero(secret.data(), secret.size()); }

absl::StatusOr<KeyRing> KeyRing::Create(KeyKind kind, std::vector<Key> keys) {
  if (keys.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no ", KindName(kind), " key"));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].secret.size() != kKeyBytes) {
      return absl::FailedPreconditionError(
          absl::StrCat(KindName(kind), " key ", keys[i].source,
                       " does not hold a ", kKeyBytes, "-byte key"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (keys[j].id == keys[i].id) {
        return absl::FailedPreconditionError(
            absl::StrCat(KindName(kind), " key ", keys[i].source,
                         " repeats ", keys[j].source));
      }
    }
  }
  for (size_t i = keys.size(); i > 0; --i) {
    if (!keys[i - 1].staged) return KeyRing(kind, std::move(keys), i - 1);
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no ", KindName(kind), " key that may seal (every one is staged)"));
}

const Key* KeyRing::Find(absl::string_view id) const {
  for (const Key& key : keys_) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

void KeySet::Put(KeyRing ring) {
  const KeyKind kind = ring.kind();
  rings_.insert_or_assign(kind, std::move(ring));
}

absl::StatusOr<const KeyRing*> KeySet::Get(KeyKind kind) const {
  auto it = rings_.find(kind);
  if (it == rings_.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("no ", KindName(kind), " key in ", origin_));
  }
  return &it->second;
}

}  // namespace masar::keys

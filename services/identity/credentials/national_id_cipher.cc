#include "services/identity/credentials/national_id_cipher.h"

#include <sodium.h>

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/status/status_macros.h"
#include "services/identity/credentials/national_id.h"

namespace masar::identity {
namespace {

absl::StatusOr<keys::KeyRing> OneKeyRing(keys::KeyKind kind,
                                         absl::string_view key) {
  std::vector<keys::Key> one;
  one.emplace_back(std::string(key), "the given key");
  absl::StatusOr<keys::KeyRing> ring = keys::KeyRing::Create(kind, std::move(one));
  if (!ring.ok()) {
    return absl::InvalidArgumentError("national id keys must be 32 bytes");
  }
  return ring;
}

}  // namespace

absl::StatusOr<std::unique_ptr<NationalIdCipher>> NationalIdCipher::Create(
    const keys::KeyRing& encryption, const keys::KeyRing& lookup) {
  if (sodium_init() < 0) return absl::InternalError("libsodium init failed");
  for (const keys::Key& key : lookup.keys()) {
    if (encryption.Find(key.id) != nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("national id keys must differ: ", key.source,
                       " is also a national-id sealing key"));
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<keys::SealingBox> box,
                   keys::SealingBox::Create(encryption));
  std::vector<Key> lookup_keys;
  for (const keys::Key& key : lookup.keys()) {
    if (key.staged) continue;
    Key raw;
    std::memcpy(raw.data(), key.secret.data(), kKeyBytes);
    lookup_keys.push_back(raw);
  }
  // A staged lookup key digests nothing yet; a search adds no digest for it.
  return std::unique_ptr<NationalIdCipher>(
      new NationalIdCipher(std::move(box), std::move(lookup_keys)));
}

absl::StatusOr<std::unique_ptr<NationalIdCipher>> NationalIdCipher::Create(
    absl::string_view encryption_key, absl::string_view lookup_key) {
  if (encryption_key.size() != kKeyBytes || lookup_key.size() != kKeyBytes) {
    return absl::InvalidArgumentError("national id keys must be 32 bytes");
  }
  if (crypto::ConstantTimeEquals(encryption_key, lookup_key)) {
    return absl::InvalidArgumentError("national id keys must differ");
  }
  ASSIGN_OR_RETURN(keys::KeyRing encryption,
                   OneKeyRing(keys::KeyKind::kNationalId, encryption_key));
  ASSIGN_OR_RETURN(keys::KeyRing lookup,
                   OneKeyRing(keys::KeyKind::kNationalIdLookup, lookup_key));
  return Create(encryption, lookup);
}

NationalIdCipher::NationalIdCipher(std::unique_ptr<keys::SealingBox> box,
                                   std::vector<Key> lookup_keys)
    : box_(std::move(box)), lookup_keys_(std::move(lookup_keys)) {}

NationalIdCipher::~NationalIdCipher() {
  for (Key& key : lookup_keys_) sodium_memzero(key.data(), key.size());
}

absl::StatusOr<std::string> NationalIdCipher::Encrypt(
    absl::string_view national_id) const {
  ASSIGN_OR_RETURN(const std::string id, NormalizeNationalId(national_id));
  return box_->Seal(id);
}

absl::StatusOr<std::string> NationalIdCipher::Decrypt(
    absl::string_view sealed) const {
  return box_->Open(sealed);
}

absl::StatusOr<std::string> NationalIdCipher::LookupDigest(
    absl::string_view national_id) const {
  ASSIGN_OR_RETURN(std::vector<std::string> digests,
                   LookupDigests(national_id));
  return digests.front();
}

absl::StatusOr<std::vector<std::string>> NationalIdCipher::LookupDigests(
    absl::string_view national_id) const {
  ASSIGN_OR_RETURN(const std::string id, NormalizeNationalId(national_id));
  std::vector<std::string> digests;
  for (auto key = lookup_keys_.rbegin(); key != lookup_keys_.rend(); ++key) {
    digests.push_back(crypto::KeyedDigestHex(
        id, absl::string_view(reinterpret_cast<const char*>(key->data()),
                              key->size())));
  }
  return digests;
}

}  // namespace masar::identity

#include "services/identity/credentials/national_id_cipher.h"

#include <sodium.h>

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "common/crypto/digest.h"
#include "common/crypto/key_file.h"
#include "common/status/status_macros.h"
#include "services/identity/credentials/national_id.h"

namespace masar::identity {
namespace {

const unsigned char* Bytes(absl::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

absl::StatusOr<std::unique_ptr<NationalIdCipher>> NationalIdCipher::Create(
    absl::string_view encryption_key, absl::string_view lookup_key) {
  if (sodium_init() < 0) return absl::InternalError("libsodium init failed");
  if (encryption_key.size() != kKeyBytes || lookup_key.size() != kKeyBytes) {
    return absl::InvalidArgumentError("national id keys must be 32 bytes");
  }
  // One key for both jobs would tie the digests to the ciphertexts' key.
  if (crypto::ConstantTimeEquals(encryption_key, lookup_key)) {
    return absl::InvalidArgumentError("national id keys must differ");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<crypto::SecretBox> box,
                   crypto::SecretBox::Create(encryption_key));
  return std::unique_ptr<NationalIdCipher>(
      new NationalIdCipher(std::move(box), lookup_key));
}

absl::StatusOr<std::unique_ptr<NationalIdCipher>>
NationalIdCipher::FromKeyFiles(const std::string& encryption_key_path,
                               const std::string& lookup_key_path) {
  ASSIGN_OR_RETURN(std::string encryption_key,
                   crypto::LoadOrCreateSecret(encryption_key_path, kKeyBytes));
  ASSIGN_OR_RETURN(std::string lookup_key,
                   crypto::LoadOrCreateSecret(lookup_key_path, kKeyBytes));
  auto cipher = Create(encryption_key, lookup_key);
  sodium_memzero(encryption_key.data(), encryption_key.size());
  sodium_memzero(lookup_key.data(), lookup_key.size());
  return cipher;
}

NationalIdCipher::NationalIdCipher(std::unique_ptr<crypto::SecretBox> box,
                                   absl::string_view lookup_key)
    : box_(std::move(box)) {
  std::memcpy(lookup_key_.data(), lookup_key.data(), kKeyBytes);
}

NationalIdCipher::~NationalIdCipher() {
  sodium_memzero(lookup_key_.data(), lookup_key_.size());
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
  ASSIGN_OR_RETURN(const std::string id, NormalizeNationalId(national_id));
  unsigned char digest[32];
  crypto_generichash(digest, sizeof(digest), Bytes(id), id.size(),
                     lookup_key_.data(), lookup_key_.size());
  return crypto::ToHex(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace masar::identity

#include "services/identity/credentials/national_id_cipher.h"

#include <sodium.h>

#include <cstring>

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
  return std::unique_ptr<NationalIdCipher>(
      new NationalIdCipher(encryption_key, lookup_key));
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

NationalIdCipher::NationalIdCipher(absl::string_view encryption_key,
                                   absl::string_view lookup_key) {
  std::memcpy(encryption_key_.data(), encryption_key.data(), kKeyBytes);
  std::memcpy(lookup_key_.data(), lookup_key.data(), kKeyBytes);
}

NationalIdCipher::~NationalIdCipher() {
  sodium_memzero(encryption_key_.data(), encryption_key_.size());
  sodium_memzero(lookup_key_.data(), lookup_key_.size());
}

absl::StatusOr<std::string> NationalIdCipher::Encrypt(
    absl::string_view national_id) const {
  ASSIGN_OR_RETURN(const std::string id, NormalizeNationalId(national_id));
  std::string sealed(
      crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + id.size(),
      '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, Bytes(id), id.size(),
                        out, encryption_key_.data());
  return sealed;
}

absl::StatusOr<std::string> NationalIdCipher::Decrypt(
    absl::string_view sealed) const {
  constexpr size_t kOverhead =
      crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (sealed.size() < kOverhead) {
    return absl::DataLossError("sealed national id is truncated");
  }
  std::string id(sealed.size() - kOverhead, '\0');
  const unsigned char* nonce = Bytes(sealed);
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(id.data()),
                                 nonce + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES,
                                 nonce, encryption_key_.data()) != 0) {
    return absl::DataLossError("sealed national id fails authentication");
  }
  return id;
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

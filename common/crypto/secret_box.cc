#include "common/crypto/secret_box.h"

#include <sodium.h>

#include <cstring>

#include "absl/status/status.h"

namespace masar::crypto {
namespace {

constexpr size_t kOverhead =
    crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;

const unsigned char* Bytes(absl::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

absl::StatusOr<std::unique_ptr<SecretBox>> SecretBox::Create(
    absl::string_view key) {
  if (sodium_init() < 0) return absl::InternalError("libsodium init failed");
  if (key.size() != kKeyBytes) {
    return absl::InvalidArgumentError("a secret box key must be 32 bytes");
  }
  return std::unique_ptr<SecretBox>(new SecretBox(key));
}

SecretBox::SecretBox(absl::string_view key) {
  std::memcpy(key_.data(), key.data(), kKeyBytes);
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::Seal(absl::string_view plaintext) const {
  std::string sealed(kOverhead + plaintext.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, Bytes(plaintext),
                        plaintext.size(), out, key_.data());
  return sealed;
}

absl::StatusOr<std::string> SecretBox::Open(absl::string_view sealed) const {
  if (sealed.size() < kOverhead) {
    return absl::DataLossError("sealed value is truncated");
  }
  std::string plaintext(sealed.size() - kOverhead, '\0');
  const unsigned char* nonce = Bytes(sealed);
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plaintext.data()),
          nonce + crypto_secretbox_NONCEBYTES,
          sealed.size() - crypto_secretbox_NONCEBYTES, nonce,
          key_.data()) != 0) {
    return absl::DataLossError("sealed value fails authentication");
  }
  return plaintext;
}

}  // namespace masar::crypto

#ifndef MASAR_COMMON_CRYPTO_SECRET_BOX_H_
#define MASAR_COMMON_CRYPTO_SECRET_BOX_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::crypto {

// Encryption at rest under one key with libsodium's secretbox
// (XSalsa20-Poly1305): authenticated, and with 24-byte nonces that can
// safely be random for every value, so no counter has to be kept anywhere.
// Each kind of secret gets its own key (its own box) so that one leaked key
// opens one kind only. Thread-safe.
class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;

  // INVALID_ARGUMENT unless `key` is kKeyBytes long.
  static absl::StatusOr<std::unique_ptr<SecretBox>> Create(
      absl::string_view key);

  // Wipes the key.
  ~SecretBox();
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;

  // nonce || ciphertext with its tag, to store as bytes.
  std::string Seal(absl::string_view plaintext) const;

  // The plaintext; DATA_LOSS when `sealed` was altered, cut or sealed under
  // another key.
  absl::StatusOr<std::string> Open(absl::string_view sealed) const;

 private:
  explicit SecretBox(absl::string_view key);

  std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace masar::crypto

#endif  // MASAR_COMMON_CRYPTO_SECRET_BOX_H_

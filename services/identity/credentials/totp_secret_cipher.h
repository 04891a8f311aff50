#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_SECRET_CIPHER_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_SECRET_CIPHER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/secret_box.h"

namespace masar::identity {

// Encryption at rest of users' TOTP secrets (User::totp_secret_ciphertext
// and pending_totp_secret_ciphertext): whoever reads the store, or a
// backup of it, must not be able to compute anyone's codes. Its own key,
// apart from the national identifiers', so that one leaked key opens one
// kind of secret only.
//
// A sealed secret is bound to its user: the user id is sealed with it and
// checked on opening, so a ciphertext copied into another user's row (by
// someone who can write the store but holds no key) does not open there.
class TotpSecretCipher {
 public:
  // INVALID_ARGUMENT unless `key` is crypto::SecretBox::kKeyBytes long.
  static absl::StatusOr<std::unique_ptr<TotpSecretCipher>> Create(
      absl::string_view key);

  // The key from a file, created on first use (0600;
  // common/crypto/key_file.h), e.g. `<data-dir>/keys/totp.key`. In
  // production a mounted secret; losing it makes every user enrol again.
  static absl::StatusOr<std::unique_ptr<TotpSecretCipher>> FromKeyFile(
      const std::string& path);

  // `secret` (raw bytes) sealed for `user_id`, to store as bytes.
  std::string Seal(absl::string_view user_id, absl::string_view secret) const;

  // The raw secret; DATA_LOSS when `sealed` was altered, sealed under
  // another key or for another user.
  absl::StatusOr<std::string> Open(absl::string_view user_id,
                                   absl::string_view sealed) const;

 private:
  explicit TotpSecretCipher(std::unique_ptr<crypto::SecretBox> box)
      : box_(std::move(box)) {}

  const std::unique_ptr<crypto::SecretBox> box_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_SECRET_CIPHER_H_

#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_SECRET_CIPHER_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_SECRET_CIPHER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/keys/key_ring.h"
#include "common/keys/sealing_box.h"

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
//
// Keys rotate (common/keys/sealing_box.h): a secret is sealed with the
// ring's newest key and names it; secrets sealed with an older key held in
// the ring still open. Losing every key makes every user enrol again.
class TotpSecretCipher {
 public:
  // The ring's keys (the totp keys of `--keys-dir`, or
  // `<data-dir>/keys/totp.key`).
  static absl::StatusOr<std::unique_ptr<TotpSecretCipher>> Create(
      const keys::KeyRing& ring);
  // One key: INVALID_ARGUMENT unless it is 32 bytes long.
  static absl::StatusOr<std::unique_ptr<TotpSecretCipher>> Create(
      absl::string_view key);

  // `secret` (raw bytes) sealed for `user_id`, to store as bytes.
  std::string Seal(absl::string_view user_id, absl::string_view secret) const;

  // The raw secret; DATA_LOSS when `sealed` was altered, sealed under
  // a key the ring does not hold, or for another user.
  absl::StatusOr<std::string> Open(absl::string_view user_id,
                                   absl::string_view sealed) const;

  // True when `sealed` names the key that seals now (a re-seal skips it).
  bool SealedWithCurrentKey(absl::string_view sealed) const {
    return box_->SealedWithCurrent(sealed);
  }

 private:
  explicit TotpSecretCipher(std::unique_ptr<keys::SealingBox> box)
      : box_(std::move(box)) {}

  const std::unique_ptr<keys::SealingBox> box_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_SECRET_CIPHER_H_

#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_CIPHER_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_CIPHER_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/secret_box.h"

namespace masar::identity {

// Encryption at rest of national identifiers (law 09-08: the store alone
// must not reveal them), in a crypto::SecretBox. A second, separate key
// makes lookup digests, so a user can
// be found by identifier (or a duplicate refused) without the clear value
// or a plain hash, which 10^8 guesses would invert, being stored.
class NationalIdCipher {
 public:
  static constexpr size_t kKeyBytes = crypto::SecretBox::kKeyBytes;

  // INVALID_ARGUMENT unless both keys are kKeyBytes long and differ.
  static absl::StatusOr<std::unique_ptr<NationalIdCipher>> Create(
      absl::string_view encryption_key, absl::string_view lookup_key);

  // Keys from files, created on first use (0600; common/crypto/key_file.h).
  // In production both are mounted secrets; losing the encryption key loses
  // every stored identifier.
  static absl::StatusOr<std::unique_ptr<NationalIdCipher>> FromKeyFiles(
      const std::string& encryption_key_path,
      const std::string& lookup_key_path);

  // Wipes the lookup key (the box wipes its own).
  ~NationalIdCipher();
  NationalIdCipher(const NationalIdCipher&) = delete;
  NationalIdCipher& operator=(const NationalIdCipher&) = delete;

  // Validates and normalises `national_id` (national_id.h), then seals it:
  // nonce || ciphertext with its tag, to store as bytes.
  absl::StatusOr<std::string> Encrypt(absl::string_view national_id) const;

  // The normalised identifier; DATA_LOSS when `sealed` was altered, cut or
  // sealed under another key.
  absl::StatusOr<std::string> Decrypt(absl::string_view sealed) const;

  // 64 hex characters: a keyed BLAKE2b digest of the normalised identifier,
  // the same for the same identifier. INVALID_ARGUMENT naming
  // "national_id" when malformed.
  absl::StatusOr<std::string> LookupDigest(absl::string_view national_id) const;

 private:
  using Key = std::array<unsigned char, kKeyBytes>;
  NationalIdCipher(std::unique_ptr<crypto::SecretBox> box,
                   absl::string_view lookup_key);

  const std::unique_ptr<crypto::SecretBox> box_;
  Key lookup_key_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_CIPHER_H_

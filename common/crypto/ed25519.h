#ifndef MASAR_COMMON_CRYPTO_ED25519_H_
#define MASAR_COMMON_CRYPTO_ED25519_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::crypto {

// An Ed25519 key pair (libsodium): signs audit checkpoints and tokens.
class Ed25519KeyPair {
 public:
  static Ed25519KeyPair Generate();
  // From the 32-byte seed; INVALID_ARGUMENT for another length.
  static absl::StatusOr<Ed25519KeyPair> FromSeed(absl::string_view seed);

  const std::string& seed() const { return seed_; }
  const std::string& public_key() const { return public_key_; }

  // The 64-byte detached signature of `message`.
  std::string Sign(absl::string_view message) const;

 private:
  Ed25519KeyPair(std::string seed, std::string public_key,
                 std::string secret_key);

  std::string seed_;
  std::string public_key_;
  std::string secret_key_;
};

// True when `signature` is `public_key`'s valid signature of `message`.
bool Ed25519Verify(absl::string_view public_key, absl::string_view message,
                   absl::string_view signature);

}  // namespace masar::crypto

#endif  // MASAR_COMMON_CRYPTO_ED25519_H_

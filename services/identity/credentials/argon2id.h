#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_ARGON2ID_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_ARGON2ID_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::identity {

// The work behind PasswordHasher, as a port so that tests can count, block
// or slow it. Implementations are called from one thread at a time.
class PasswordHashFunction {
 public:
  virtual ~PasswordHashFunction() = default;

  // A self-describing encoded hash ("$argon2id$v=19$m=...") of `password`
  // with a fresh random salt.
  virtual absl::StatusOr<std::string> Hash(absl::string_view password) = 0;

  // Whether `password` matches `encoded`; INVALID_ARGUMENT when `encoded`
  // is not a hash this function can read.
  virtual absl::StatusOr<bool> Verify(absl::string_view encoded,
                                      absl::string_view password) = 0;

  // Whether `encoded` was made with other parameters (or cannot be read),
  // so that it should be replaced at the next successful sign-in.
  virtual bool NeedsRehash(absl::string_view encoded) const = 0;
};

// OWASP's minimum for Argon2id (Password Storage Cheat Sheet): 19 MiB of
// memory, 2 passes, 1 lane. About 24 ms on the machines we run on, which
// bounds one hashing core to roughly 40 sign-ins per second.
inline constexpr size_t kArgon2idMemoryBytes = size_t{19} << 20;
inline constexpr uint64_t kArgon2idPasses = 2;
// libsodium's crypto_pwhash always uses one lane (p=1).

// Argon2id through libsodium's crypto_pwhash_str_alg; its encoded strings
// are the reference format, readable by libargon2 as well.
class Argon2id final : public PasswordHashFunction {
 public:
  // Parameters other than OWASP's minimum are for tests of NeedsRehash.
  explicit Argon2id(uint64_t passes = kArgon2idPasses,
                    size_t memory_bytes = kArgon2idMemoryBytes);

  absl::StatusOr<std::string> Hash(absl::string_view password) override;
  absl::StatusOr<bool> Verify(absl::string_view encoded,
                              absl::string_view password) override;
  bool NeedsRehash(absl::string_view encoded) const override;

 private:
  const uint64_t passes_;
  const size_t memory_bytes_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_ARGON2ID_H_

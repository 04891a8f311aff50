#ifndef MASAR_COMMON_CRYPTO_DIGEST_H_
#define MASAR_COMMON_CRYPTO_DIGEST_H_

#include <string>

#include "absl/strings/string_view.h"

namespace masar::crypto {

// SHA-256 of `data`: 32 raw bytes, or 64 lower-case hex characters.
std::string Sha256(absl::string_view data);
std::string Sha256Hex(absl::string_view data);

std::string ToHex(absl::string_view bytes);

// BLAKE2b-256 of `data` keyed with `key` (16 to 64 bytes), as 64 lower-case
// hex characters: a digest only a holder of the key can compute.
std::string KeyedDigestHex(absl::string_view data, absl::string_view key);

// Length-prefixed concatenation of fields, so that a digest over it cannot
// be shifted from one field to the next ("ab","c" differs from "a","bc").
class DigestBuilder {
 public:
  DigestBuilder& Add(absl::string_view field);
  DigestBuilder& Add(int64_t number);
  std::string Sha256Hex() const;

 private:
  std::string buffer_;
};

// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace masar::crypto

#endif  // MASAR_COMMON_CRYPTO_DIGEST_H_

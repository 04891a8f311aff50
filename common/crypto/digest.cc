#include "common/crypto/digest.h"

#include <sodium.h>

#include <cstdint>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace masar::crypto {

std::string Sha256(absl::string_view data) {
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(data.data()),
                     data.size());
  return out;
}

std::string Sha256Hex(absl::string_view data) { return ToHex(Sha256(data)); }

std::string ToHex(absl::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

DigestBuilder& DigestBuilder::Add(absl::string_view field) {
  absl::StrAppend(&buffer_, field.size(), ":", field, ";");
  return *this;
}

DigestBuilder& DigestBuilder::Add(int64_t number) {
  return Add(absl::StrCat(number));
}

std::string DigestBuilder::Sha256Hex() const {
  return crypto::Sha256Hex(buffer_);
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace masar::crypto

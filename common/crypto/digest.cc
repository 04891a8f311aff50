#include "common/crypto/digest.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cstdint>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace masar::crypto {

std::string Sha256(absl::string_view data) {
  // OpenSSL uses the CPU's SHA instructions: about 0.4 us for a 442-byte
  // token here against 1.6 us with libsodium, and every authenticated call
  // hashes its token. The fetched algorithm is immutable and thread-safe.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::string out(32, '\0');
  unsigned int size = 0;
  if (kSha256 == nullptr ||
      EVP_Digest(data.data(), data.size(),
                 reinterpret_cast<unsigned char*>(out.data()), &size, kSha256,
                 nullptr) != 1 ||
      size != out.size()) {
    std::abort();  // only without a working libcrypto, where nothing is safe
  }
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

std::string KeyedDigestHex(absl::string_view data, absl::string_view key) {
  // Picks libsodium's implementations once, before the first digest.
  if (sodium_init() < 0) std::abort();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof(digest),
                     reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(),
                     reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
  return ToHex(absl::string_view(reinterpret_cast<const char*>(digest),
                                 sizeof(digest)));
}

}  // namespace masar::crypto

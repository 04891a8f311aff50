#include "common/ids/ids.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"

namespace masar {
namespace {

void FillRandom(uint8_t* out, std::size_t size) {
  // sodium_init is idempotent and thread-safe; it fails only when the
  // system's random source is unusable, where carrying on would be unsafe.
  if (sodium_init() < 0) std::abort();
  randombytes_buf(out, size);
}

}  // namespace

std::string NewUuid() {
  std::array<uint8_t, 16> b{};
  FillRandom(b.data(), b.size());
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = crypto::ToHex(
      absl::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-",
                      hex.substr(12, 4), "-", hex.substr(16, 4), "-",
                      hex.substr(20));
}

bool IsUuid(absl::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-' : !absl::ascii_isxdigit(text[i])) {
      return false;
    }
  }
  return true;
}

std::string RandomHex(std::size_t bytes) {
  std::string b(bytes, '\0');
  FillRandom(reinterpret_cast<uint8_t*>(b.data()), b.size());
  return crypto::ToHex(b);
}

}  // namespace masar

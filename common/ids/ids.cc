#include "common/ids/ids.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "absl/strings/ascii.h"

namespace masar {
namespace {

void FillRandom(uint8_t* out, std::size_t size) {
  // sodium_init is idempotent and thread-safe; it fails only when the
  // system's random source is unusable, where carrying on would be unsafe.
  if (sodium_init() < 0) std::abort();
  randombytes_buf(out, size);
}

constexpr char kHex[] = "0123456789abcdef";

void AppendHex(uint8_t byte, std::string* out) {
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 0xf]);
}

}  // namespace

std::string NewUuid() {
  std::array<uint8_t, 16> b{};
  FillRandom(b.data(), b.size());
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    AppendHex(b[i], &out);
  }
  return out;
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
  std::vector<uint8_t> b(bytes);
  FillRandom(b.data(), b.size());
  std::string out;
  out.reserve(bytes * 2);
  for (uint8_t byte : b) AppendHex(byte, &out);
  return out;
}

}  // namespace masar

#include "services/identity/credentials/base32.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"

namespace masar::identity {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The 5-bit value of `c`, or -1.
int Value(char c) {
  c = absl::ascii_toupper(static_cast<unsigned char>(c));
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

}  // namespace

std::string Base32Encode(absl::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

absl::StatusOr<std::string> Base32Decode(absl::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // 8 characters carry 5 bytes; a tail of 1, 3 or 6 characters would hold
  // a partial byte only, so no encoder writes one.
  const size_t tail = text.size() % 8;
  if (tail == 1 || tail == 3 || tail == 6) {
    return absl::InvalidArgumentError("base32: impossible length");
  }
  std::string out;
  out.reserve(text.size() * 5 / 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = Value(c);
    if (value < 0) return absl::InvalidArgumentError("base32: bad character");
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

}  // namespace masar::identity

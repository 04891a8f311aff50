#include "common/auth/base64url.h"

#include <sodium.h>

namespace masar::auth {

std::string Base64UrlEncode(absl::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // libsodium counts the terminating NUL
  return out;
}

absl::StatusOr<std::string> Base64UrlDecode(absl::string_view text) {
  // A length of 1 mod 4 cannot come from any byte string.
  if (text.size() % 4 == 1) {
    return absl::InvalidArgumentError("invalid base64url length");
  }
  std::string out(text.size() * 3 / 4 + 1, '\0');
  size_t length = 0;
  // No `ignore` characters and no end pointer: libsodium then refuses
  // anything but the whole input in canonical form.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()),
                        out.size(), text.data(), text.size(), nullptr,
                        &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return absl::InvalidArgumentError("invalid base64url");
  }
  out.resize(length);
  return out;
}

}  // namespace masar::auth

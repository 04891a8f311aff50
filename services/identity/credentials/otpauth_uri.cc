#include "services/identity/credentials/otpauth_uri.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/identity/credentials/base32.h"

namespace masar::identity {
namespace {

bool IsUnreserved(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string PercentEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::string OtpauthUri(absl::string_view account_label,
                       absl::string_view secret, const TotpOptions& options) {
  return absl::StrCat("otpauth://totp/", kTotpIssuer, ":",
                      PercentEncode(account_label),
                      "?secret=", Base32Encode(secret), "&issuer=", kTotpIssuer,
                      "&algorithm=SHA1&digits=", options.digits,
                      "&period=", absl::ToInt64Seconds(options.period));
}

}  // namespace masar::identity

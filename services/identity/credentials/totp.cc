#include "services/identity/credentials/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/crypto/random.h"
#include "common/status/errors.h"

namespace masar::identity {
namespace {

constexpr uint32_t kPowersOfTen[] = {1,      10,      100,      1000,     10000,
                                     100000, 1000000, 10000000, 100000000};

std::array<unsigned char, 8> BigEndian(uint64_t counter) {
  std::array<unsigned char, 8> bytes;
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  return bytes;
}

// RFC 4226 5.3: 31 bits from the offset the last nibble names.
uint32_t DynamicTruncate(const unsigned char* mac) {
  const int offset = mac[19] & 0x0F;
  return (static_cast<uint32_t>(mac[offset] & 0x7F) << 24) |
         (static_cast<uint32_t>(mac[offset + 1]) << 16) |
         (static_cast<uint32_t>(mac[offset + 2]) << 8) |
         static_cast<uint32_t>(mac[offset + 3]);
}

bool IsCode(absl::string_view code, int digits) {
  if (code.size() != static_cast<size_t>(digits)) return false;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string Hotp(absl::string_view secret, uint64_t counter, int digits) {
  const std::array<unsigned char, 8> message = BigEndian(counter);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
       message.data(), message.size(), mac, &mac_size);
  const uint32_t value = DynamicTruncate(mac) % kPowersOfTen[digits];
  char out[16];
  std::snprintf(out, sizeof(out), "%0*u", digits, value);
  return out;
}

bool IsReplay(int64_t step, std::optional<int64_t> last_accepted_step) {
  return last_accepted_step.has_value() && step <= *last_accepted_step;
}

Totp::Totp(const Clock& clock, TotpOptions options)
    : clock_(clock), options_(options) {}

std::string Totp::GenerateSecret() {
  return crypto::RandomBytes(kTotpSecretBytes);
}

int64_t Totp::StepAt(absl::Time time) const {
  return absl::ToUnixSeconds(time) / absl::ToInt64Seconds(options_.period);
}

std::string Totp::CodeAt(absl::string_view secret, absl::Time time) const {
  return Hotp(secret, static_cast<uint64_t>(StepAt(time)), options_.digits);
}

absl::StatusOr<int64_t> Totp::Verify(
    absl::string_view secret, absl::string_view code,
    std::optional<int64_t> last_accepted_step) const {
  if (!IsCode(code, options_.digits)) {
    return InvalidArgumentError(
        "code", absl::StrCat("must be ", options_.digits, " digits"));
  }
  const int64_t now = StepAt(clock_.Now());
  // Every step in the window is computed, matched or not, so the time taken
  // does not tell which step (if any) the code was for.
  std::optional<int64_t> matched;
  for (int64_t step = now - options_.window; step <= now + options_.window;
       ++step) {
    const bool equal = crypto::ConstantTimeEquals(
        Hotp(secret, static_cast<uint64_t>(step), options_.digits), code);
    if (equal && !IsReplay(step, last_accepted_step)) matched = step;
  }
  if (!matched.has_value()) {
    return absl::UnauthenticatedError("the code is wrong or already used");
  }
  return *matched;
}

}  // namespace masar::identity

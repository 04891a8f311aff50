#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/clock/clock.h"

// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226) with
// HMAC-SHA1: what every authenticator app implements.
namespace masar::identity {

// RFC 4226 recommends at least 128 bits and suggests 160, SHA-1's size.
inline constexpr size_t kTotpSecretBytes = 20;

struct TotpOptions {
  // 6 is what apps show; 8 only serves RFC 6238's test vectors.
  int digits = 6;
  absl::Duration period = absl::Seconds(30);
  // Steps accepted either side of now, for clock drift and typing time.
  int window = 1;
};

// The HOTP value of `counter` under `secret`: `digits` (6..8) decimal
// digits, zero-padded.
std::string Hotp(absl::string_view secret, uint64_t counter, int digits);

// Whether accepting `step` would replay a code: a step at or before the last
// one accepted for the same secret cannot be used again (RFC 6238 5.2).
bool IsReplay(int64_t step, std::optional<int64_t> last_accepted_step);

class Totp {
 public:
  // `clock` must outlive this object.
  explicit Totp(const Clock& clock, TotpOptions options = {});

  // kTotpSecretBytes fresh random bytes (raw: base32 them for the user).
  static std::string GenerateSecret();

  // The time step (RFC 6238's T) holding `time`.
  int64_t StepAt(absl::Time time) const;
  std::string CodeAt(absl::string_view secret, absl::Time time) const;

  // The time step whose code `code` is, looked for within `window` steps of
  // now and after `last_accepted_step`, so that the caller can store it and
  // refuse the same code (or an older one) next time. INVALID_ARGUMENT
  // naming "code" when it is not `digits` digits; UNAUTHENTICATED when no
  // step matches (including a replay).
  absl::StatusOr<int64_t> Verify(
      absl::string_view secret, absl::string_view code,
      std::optional<int64_t> last_accepted_step = std::nullopt) const;

 private:
  const Clock& clock_;
  const TotpOptions options_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_TOTP_H_

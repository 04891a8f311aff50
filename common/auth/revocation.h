#ifndef MASAR_COMMON_AUTH_REVOCATION_H_
#define MASAR_COMMON_AUTH_REVOCATION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace masar::auth {

enum class RevocationKind {
  // One token, by its jti (RevokeToken).
  kToken,
  // Every token of one session, by its sid (a reused refresh token).
  kSession,
  // Every token of one subject issued before `time` (DisableUser,
  // ChangePassword, DeleteUser).
  kSubject,
};

absl::string_view RevocationKindName(RevocationKind kind);
std::optional<RevocationKind> ParseRevocationKind(absl::string_view name);

// One revocation as recorded by identity, numbered by a sequence that every
// replica applies in order.
struct Revocation {
  int64_t sequence = 0;  // 0 until the store assigns it
  RevocationKind kind = RevocationKind::kToken;
  // The jti, the sid, or the subject ("users/u").
  std::string value;
  // kSubject: tokens issued (iat, in milliseconds) at or before it are
  // revoked, so nothing issued up to the revoking moment survives, while a
  // token issued after it (a sign-in once re-enabled, a refresh after a
  // role was removed) passes. Replicas' clocks must agree (NTP) to within
  // what such a race may tolerate. Otherwise when it was revoked.
  absl::Time time;
  // When the entry can be forgotten: no token it concerns lives longer
  // (the token's exp; for a session or subject, time + the maximum token
  // lifetime and leeway).
  absl::Time expire_time;

  friend bool operator==(const Revocation&, const Revocation&) = default;
};

// The pub/sub message form: a JSON object. Carries ids only, never a token.
std::string RevocationToJson(const Revocation& revocation);
// INVALID_ARGUMENT for anything that is not a message RevocationToJson wrote.
absl::StatusOr<Revocation> RevocationFromJson(absl::string_view json);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_REVOCATION_H_

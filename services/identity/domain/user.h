#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_USER_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_USER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/aip/etag.h"

namespace masar::identity {

// Values match masar.identity.v1.User.State, so stores may keep the number.
enum class UserState {
  kUnspecified = 0,
  kActive = 1,
  kDisabled = 2,
  kErased = 3
};

// Values match masar.common.v1.Language.
enum class Language { kUnspecified = 0, kAr = 1, kFr = 2, kEn = 3, kZgh = 4 };

// Values match masar.identity.v1.Gender.
enum class Gender { kUnspecified = 0, kFemale = 1, kMale = 2 };

// Impact-statistics attributes, held only with the user's consent: a User
// has them exactly when consent_time is set.
struct Demographics {
  Gender gender = Gender::kUnspecified;
  int birth_year = 0;  // 0: not given
  absl::Time consent_time;

  friend bool operator==(const Demographics&, const Demographics&) = default;
};

// Values match masar.common.v1.AgeBand.
enum class AgeBand {
  kUnspecified = 0,
  kUnder25 = 1,
  k25To34 = 2,
  k35To44 = 3,
  k45To54 = 4,
  k55AndOver = 5,
  kUndisclosed = 6
};

// The band of someone born in `birth_year` at `reference_year`; kUndisclosed
// when no birth year was given (0).
AgeBand AgeBandAt(int birth_year, int reference_year);

// A person who signs in. Secrets (password hash, TOTP secrets, the national
// id ciphertext) are opaque bytes produced by services/identity/credentials;
// the domain only stores and erases them.
struct User {
  std::string id;  // UUIDv4; the resource name is "users/{id}"
  std::string display_name;
  // As given; compared case-insensitively (NormalizeEmail). Empty once
  // erased, which frees the address.
  std::string email;
  std::string phone;  // E.164 or empty
  std::string national_id_ciphertext;
  std::string national_id_masked;
  // The lookup digest of the national id (NationalIdCipher::LookupDigest),
  // hex; empty when none. Unique among users.
  std::string national_id_lookup;
  Language preferred_language = Language::kUnspecified;
  UserState state = UserState::kActive;
  std::optional<Demographics> demographics;
  std::string password_hash;
  bool mfa_enabled = false;
  std::string totp_secret_ciphertext;
  // A started, unconfirmed TOTP enrolment.
  std::string pending_totp_secret_ciphertext;
  std::optional<absl::Time> pending_totp_expire_time;
  // The last TOTP time step accepted, so a code is never used twice.
  int64_t totp_last_step = 0;
  // Access tokens issued before it are refused (sessions ended).
  std::optional<absl::Time> sessions_not_before;
  absl::Time create_time;
  absl::Time update_time;
  // Incremented by every write; the etag renders it.
  int64_t version = 0;

  std::string name() const { return absl::StrCat("users/", id); }
  std::string etag() const { return aip::RenderEtag(version); }

  friend bool operator==(const User&, const User&) = default;
};

inline constexpr char kUsersCollection[] = "users/";

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_USER_H_

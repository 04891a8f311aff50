#include "common/auth/claims.h"

#include <cmath>
#include <cstdint>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/auth/auth_errors.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"

namespace masar::auth {
namespace {

using Json = nlohmann::json;

// NumericDates beyond this are nonsense and would overflow absl::Time math.
constexpr int64_t kMaxSeconds = int64_t{1} << 40;

// Whole seconds as an integer, as most tokens have them; a time with
// milliseconds as a NumericDate with a fraction (RFC 7519 section 2).
void PutTime(Json& j, const char* name, absl::Time t) {
  if (t == absl::InfinitePast()) return;
  const int64_t millis = absl::ToUnixMillis(t);
  if (millis % 1000 == 0) {
    j[name] = millis / 1000;
  } else {
    j[name] = static_cast<double>(millis) / 1000.0;
  }
}

void PutStrings(Json& j, const char* name, const std::vector<std::string>& v) {
  if (!v.empty()) j[name] = v;
}

absl::Status Malformed(absl::string_view claim) {
  return InvalidToken(absl::StrCat("malformed claim ", claim));
}

// The string claim `name`, "" when absent.
absl::StatusOr<std::string> GetString(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return std::string();
  if (!it->is_string()) return Malformed(name);
  return it->get<std::string>();
}

absl::StatusOr<std::vector<std::string>> GetStrings(const Json& j,
                                                    const char* name) {
  std::vector<std::string> out;
  auto it = j.find(name);
  if (it == j.end()) return out;
  if (!it->is_array()) return Malformed(name);
  for (const Json& item : *it) {
    if (!item.is_string()) return Malformed(name);
    out.push_back(item.get<std::string>());
  }
  return out;
}

// `aud` is either one string or an array of them (RFC 7519 4.1.3).
absl::StatusOr<std::vector<std::string>> GetAudience(const Json& j) {
  auto it = j.find("aud");
  if (it != j.end() && it->is_string()) {
    return std::vector<std::string>{it->get<std::string>()};
  }
  return GetStrings(j, "aud");
}

absl::StatusOr<std::optional<absl::Time>> GetTime(const Json& j,
                                                  const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return std::optional<absl::Time>();
  if (it->is_number_float()) {
    const double seconds = it->get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxSeconds) {
      return Malformed(name);
    }
    return absl::FromUnixMillis(std::llround(seconds * 1000.0));
  }
  if (!it->is_number_integer()) return Malformed(name);
  int64_t seconds = it->is_number_unsigned()
                        ? static_cast<int64_t>(std::min<uint64_t>(
                              it->get<uint64_t>(), kMaxSeconds + 1))
                        : it->get<int64_t>();
  if (seconds < 0 || seconds > kMaxSeconds) return Malformed(name);
  return absl::FromUnixSeconds(seconds);
}

absl::Status ReadTimes(const Json& j, Claims& c) {
  ASSIGN_OR_RETURN(std::optional<absl::Time> iat, GetTime(j, "iat"));
  ASSIGN_OR_RETURN(std::optional<absl::Time> nbf, GetTime(j, "nbf"));
  ASSIGN_OR_RETURN(std::optional<absl::Time> exp, GetTime(j, "exp"));
  if (!iat.has_value()) return InvalidToken("missing claim iat");
  if (!exp.has_value()) return InvalidToken("missing claim exp");
  c.issued_at = *iat;
  c.not_before = nbf.value_or(*iat);
  c.expires_at = *exp;
  return absl::OkStatus();
}

}  // namespace

absl::Time TokenTime(absl::Time t) {
  return absl::FromUnixMillis(absl::ToUnixMillis(t));
}

std::string ClaimsToJson(const Claims& c) {
  Json j = Json::object();
  if (!c.issuer.empty()) j["iss"] = c.issuer;
  if (c.audience.size() == 1) {
    j["aud"] = c.audience.front();
  } else {
    PutStrings(j, "aud", c.audience);
  }
  if (!c.subject.empty()) j["sub"] = c.subject;
  PutStrings(j, "roles", c.roles);
  PutStrings(j, "amr", c.amr);
  if (!c.session_id.empty()) j["sid"] = c.session_id;
  if (!c.token_id.empty()) j["jti"] = c.token_id;
  PutTime(j, "iat", c.issued_at);
  PutTime(j, "nbf", c.not_before);
  PutTime(j, "exp", c.expires_at);
  // `replace` rather than the default, which throws on invalid UTF-8.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

absl::StatusOr<Claims> ClaimsFromJson(absl::string_view json) {
  // No exceptions: parse() reports failure as a discarded value.
  Json j = Json::parse(json.begin(), json.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidToken("payload is not a JSON object");
  }
  Claims c;
  ASSIGN_OR_RETURN(c.issuer, GetString(j, "iss"));
  ASSIGN_OR_RETURN(c.audience, GetAudience(j));
  ASSIGN_OR_RETURN(c.subject, GetString(j, "sub"));
  ASSIGN_OR_RETURN(c.roles, GetStrings(j, "roles"));
  ASSIGN_OR_RETURN(c.amr, GetStrings(j, "amr"));
  ASSIGN_OR_RETURN(c.session_id, GetString(j, "sid"));
  ASSIGN_OR_RETURN(c.token_id, GetString(j, "jti"));
  RETURN_IF_ERROR(ReadTimes(j, c));
  return c;
}

}  // namespace masar::auth

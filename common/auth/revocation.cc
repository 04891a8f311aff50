#include "common/auth/revocation.h"

#include <array>
#include <utility>

#include "nlohmann/json.hpp"

namespace masar::auth {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<RevocationKind, absl::string_view>, 3> kKinds =
    {{{RevocationKind::kToken, "token"},
      {RevocationKind::kSession, "session"},
      {RevocationKind::kSubject, "subject"}}};

bool IsInt(const Json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_number_integer();
}

bool IsString(const Json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string();
}

}  // namespace

absl::string_view RevocationKindName(RevocationKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<RevocationKind> ParseRevocationKind(absl::string_view name) {
  for (const auto& [kind, n] : kKinds) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

std::string RevocationToJson(const Revocation& r) {
  Json j = {{"sequence", r.sequence},
            {"kind", std::string(RevocationKindName(r.kind))},
            {"value", r.value},
            {"time", absl::ToUnixMicros(r.time)},
            {"expire_time", absl::ToUnixMicros(r.expire_time)}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

absl::StatusOr<Revocation> RevocationFromJson(absl::string_view json) {
  Json j = Json::parse(json.begin(), json.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !IsInt(j, "sequence") ||
      !IsString(j, "kind") || !IsString(j, "value") || !IsInt(j, "time") ||
      !IsInt(j, "expire_time")) {
    return absl::InvalidArgumentError("malformed revocation message");
  }
  std::optional<RevocationKind> kind =
      ParseRevocationKind(j["kind"].get<std::string>());
  if (!kind.has_value()) {
    return absl::InvalidArgumentError("unknown revocation kind");
  }
  Revocation r;
  r.sequence = j["sequence"].get<int64_t>();
  r.kind = *kind;
  r.value = j["value"].get<std::string>();
  r.time = absl::FromUnixMicros(j["time"].get<int64_t>());
  r.expire_time = absl::FromUnixMicros(j["expire_time"].get<int64_t>());
  return r;
}

}  // namespace masar::auth

#include "common/auth/jwks.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/auth/base64url.h"
#include "common/crypto/digest.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"

namespace masar::auth {
namespace {

using Json = nlohmann::json;

constexpr size_t kPublicKeySize = 32;

// The member `name` of `key` if it is a string; nullopt when absent,
// INVALID_ARGUMENT when of another type.
absl::StatusOr<std::optional<std::string>> Member(const Json& key,
                                                  const char* name) {
  auto it = key.find(name);
  if (it == key.end()) return std::optional<std::string>();
  if (!it->is_string()) {
    return absl::InvalidArgumentError(absl::StrCat("JWK member ", name,
                                                   " is not a string"));
  }
  return std::optional<std::string>(it->get<std::string>());
}

absl::Status Expect(const std::optional<std::string>& value,
                    absl::string_view expected, const char* name,
                    bool required) {
  if (!value.has_value() ? required : *value != expected) {
    return absl::InvalidArgumentError(
        absl::StrCat("an OKP JWK needs ", name, " \"", expected, "\""));
  }
  return absl::OkStatus();
}

// nullopt for a key of another type, which the set skips.
absl::StatusOr<std::optional<Jwk>> ParseKey(const Json& key) {
  if (!key.is_object()) return absl::InvalidArgumentError("JWK not an object");
  ASSIGN_OR_RETURN(std::optional<std::string> kty, Member(key, "kty"));
  if (!kty.has_value()) return absl::InvalidArgumentError("JWK without kty");
  if (*kty != "OKP") return std::optional<Jwk>();
  ASSIGN_OR_RETURN(std::optional<std::string> crv, Member(key, "crv"));
  ASSIGN_OR_RETURN(std::optional<std::string> alg, Member(key, "alg"));
  ASSIGN_OR_RETURN(std::optional<std::string> use, Member(key, "use"));
  ASSIGN_OR_RETURN(std::optional<std::string> kid, Member(key, "kid"));
  ASSIGN_OR_RETURN(std::optional<std::string> x, Member(key, "x"));
  RETURN_IF_ERROR(Expect(crv, "Ed25519", "crv", true));
  RETURN_IF_ERROR(Expect(alg, "EdDSA", "alg", false));
  RETURN_IF_ERROR(Expect(use, "sig", "use", false));
  if (!kid.has_value() || !x.has_value()) {
    return absl::InvalidArgumentError("an OKP JWK needs kid and x");
  }
  absl::StatusOr<std::string> public_key = Base64UrlDecode(*x);
  if (!public_key.ok() || public_key->size() != kPublicKeySize) {
    return absl::InvalidArgumentError("JWK x is not a 32-byte Ed25519 key");
  }
  return std::optional<Jwk>(Jwk{*kid, *std::move(public_key)});
}

}  // namespace

absl::Status Jwks::Add(Jwk key) {
  if (key.kid.empty()) return absl::InvalidArgumentError("JWK without kid");
  if (key.public_key.size() != kPublicKeySize) {
    return absl::InvalidArgumentError("an Ed25519 public key has 32 bytes");
  }
  if (index_.contains(key.kid)) {
    return absl::InvalidArgumentError("two JWKs with one kid");
  }
  index_.emplace(key.kid, keys_.size());
  keys_.push_back(std::move(key));
  return absl::OkStatus();
}

const Jwk* Jwks::Find(absl::string_view kid) const {
  auto it = index_.find(kid);
  return it == index_.end() ? nullptr : &keys_[it->second];
}

std::string Jwks::ToJson() const {
  Json keys = Json::array();
  for (const Jwk& key : keys_) {
    keys.push_back({{"kty", "OKP"},
                    {"crv", "Ed25519"},
                    {"x", Base64UrlEncode(key.public_key)},
                    {"kid", key.kid},
                    {"alg", "EdDSA"},
                    {"use", "sig"}});
  }
  Json set = {{"keys", keys}};
  return set.dump(-1, ' ', false, Json::error_handler_t::replace);
}

absl::StatusOr<Jwks> Jwks::FromJson(absl::string_view json) {
  Json set = Json::parse(json.begin(), json.end(), nullptr, false);
  if (set.is_discarded() || !set.is_object()) {
    return absl::InvalidArgumentError("JWKS is not a JSON object");
  }
  auto keys = set.find("keys");
  if (keys == set.end() || !keys->is_array()) {
    return absl::InvalidArgumentError("JWKS without a keys array");
  }
  Jwks jwks;
  for (const Json& key : *keys) {
    ASSIGN_OR_RETURN(std::optional<Jwk> jwk, ParseKey(key));
    if (jwk.has_value()) RETURN_IF_ERROR(jwks.Add(*std::move(jwk)));
  }
  return jwks;
}

std::string JwkThumbprint(absl::string_view public_key) {
  // RFC 7638: the required members in lexicographic order, no whitespace.
  std::string canonical =
      absl::StrCat(R"({"crv":"Ed25519","kty":"OKP","x":")",
                   Base64UrlEncode(public_key), R"("})");
  return Base64UrlEncode(crypto::Sha256(canonical));
}

}  // namespace masar::auth

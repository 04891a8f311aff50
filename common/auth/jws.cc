#include "common/auth/jws.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/auth/auth_errors.h"
#include "common/auth/base64url.h"
#include "nlohmann/json.hpp"

namespace masar::auth {
namespace {

using Json = nlohmann::json;

// Tokens longer than this are refused before any work: a bearer header is
// attacker-sized input.
constexpr size_t kMaxTokenSize = 8192;

bool AcceptedType(const Json& header) {
  auto typ = header.find("typ");
  if (typ == header.end()) return true;
  return typ->is_string() && (*typ == kAccessTokenType || *typ == "JWT");
}

}  // namespace

std::string EncodeHeader(absl::string_view kid) {
  Json header = {{"alg", kAlgorithm},
                 {"typ", kAccessTokenType},
                 {"kid", std::string(kid)}};
  return header.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string SignCompact(const crypto::Ed25519KeyPair& key_pair,
                        absl::string_view header_json,
                        absl::string_view payload_json) {
  std::string input = absl::StrCat(Base64UrlEncode(header_json), ".",
                                   Base64UrlEncode(payload_json));
  std::string signature = key_pair.Sign(input);
  return absl::StrCat(input, ".", Base64UrlEncode(signature));
}

absl::StatusOr<JwsParts> SplitJws(absl::string_view token) {
  if (token.size() > kMaxTokenSize) return InvalidToken("too long");
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return InvalidToken("not three segments");
  for (absl::string_view part : parts) {
    if (part.empty()) return InvalidToken("empty segment");
  }
  return JwsParts{parts[0], parts[1], parts[2],
                  token.substr(0, parts[0].size() + 1 + parts[1].size())};
}

absl::StatusOr<std::string> CheckHeader(absl::string_view encoded_header) {
  absl::StatusOr<std::string> bytes = Base64UrlDecode(encoded_header);
  if (!bytes.ok()) return InvalidToken("header is not base64url");
  Json header = Json::parse(*bytes, nullptr, false);
  if (header.is_discarded() || !header.is_object()) {
    return InvalidToken("header is not a JSON object");
  }
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string() || *alg != kAlgorithm) {
    return InvalidToken("algorithm not allowed");
  }
  if (!AcceptedType(header)) return InvalidToken("unexpected typ");
  if (header.contains("crit")) return InvalidToken("unsupported crit header");
  auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string()) {
    return InvalidToken("missing kid");
  }
  return kid->get<std::string>();
}

}  // namespace masar::auth

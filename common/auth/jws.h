#ifndef MASAR_COMMON_AUTH_JWS_H_
#define MASAR_COMMON_AUTH_JWS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/ed25519.h"

// The compact JWS serialization (RFC 7515), as the signer and the verifier
// share it: the header they agree on and the split of a token into parts.
namespace masar::auth {

// The only algorithm accepted (the allow-list): EdDSA over Ed25519.
inline constexpr char kAlgorithm[] = "EdDSA";
// The typ written into headers (RFC 9068 access tokens); "JWT" is accepted
// too, as is no typ at all.
inline constexpr char kAccessTokenType[] = "at+jwt";

// {"alg":"EdDSA","typ":"at+jwt","kid":<kid>}
std::string EncodeHeader(absl::string_view kid);

// header "." payload "." signature, each base64url: the compact form of
// `payload_json` signed by `key_pair` under `header_json`. Writes whatever
// header it is given, so tests can also forge tokens with it.
std::string SignCompact(const crypto::Ed25519KeyPair& key_pair,
                        absl::string_view header_json,
                        absl::string_view payload_json);

// The parts of a compact JWS, still encoded, plus what the signature covers.
struct JwsParts {
  absl::string_view header;
  absl::string_view payload;
  absl::string_view signature;
  absl::string_view signing_input;  // header "." payload
};

// Exactly three non-empty dot-separated segments. UNAUTHENTICATED
// otherwise. The parts point into `token`.
absl::StatusOr<JwsParts> SplitJws(absl::string_view token);

// The decoded header's kid, after checking that the header is a JSON object
// with `alg` in the allow-list, a string `kid`, an accepted `typ`, and no
// `crit` (no extension is understood, so none may be required).
absl::StatusOr<std::string> CheckHeader(absl::string_view encoded_header);

}  // namespace masar::auth

#endif  // MASAR_COMMON_AUTH_JWS_H_

#include "services/identity/credentials/throttle_counters.h"

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"

namespace masar::identity {

namespace {
constexpr absl::string_view kPrefix = "masar:identity:throttle:";
}  // namespace

std::string PairCounterKey(absl::string_view account,
                           absl::string_view source) {
  // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
  return absl::StrCat(
      kPrefix,
      "pair:", crypto::DigestBuilder().Add(account).Add(source).Sha256Hex());
}

std::string AccountCounterKey(absl::string_view account) {
  return absl::StrCat(kPrefix, "account:", crypto::Sha256Hex(account));
}

}  // namespace masar::identity

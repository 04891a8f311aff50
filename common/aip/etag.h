#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ETAG_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace masar::identity {

// Etags render the row version as `"v<N>"`, a weak-looking but opaque tag:
// callers only send it back. Every write increments the version.
inline std::string RenderEtag(int64_t version) {
  return absl::StrCat("\"v", version, "\"");
}

// True when `etag` is the tag of `version`. A malformed tag never matches, so
// it reads as stale (ABORTED) rather than as a new error.
inline bool EtagMatches(absl::string_view etag, int64_t version) {
  return etag == RenderEtag(version);
}

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ETAG_H_

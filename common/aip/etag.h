#ifndef MASAR_COMMON_AIP_ETAG_H_
#define MASAR_COMMON_AIP_ETAG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace masar::aip {

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

// ABORTED: `name` changed since the caller read it (its etag, or the
// version a store read, is no longer current).
inline absl::Status StaleEtag(absl::string_view name) {
  return absl::AbortedError(
      absl::StrCat(name, " changed since it was read: stale etag"));
}

}  // namespace masar::aip

#endif  // MASAR_COMMON_AIP_ETAG_H_

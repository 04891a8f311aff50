#include "common/aip/update_mask.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/aip/etag.h"
#include "common/status/errors.h"

namespace masar::aip {

absl::Status CheckUpdateMask(const std::vector<std::string>& mask,
                             std::initializer_list<absl::string_view> allowed) {
  if (mask.empty()) return InvalidArgumentError("update_mask", "required");
  for (const std::string& path : mask) {
    if (std::find(allowed.begin(), allowed.end(), path) == allowed.end()) {
      return InvalidArgumentError(
          "update_mask",
          absl::StrCat("paths must be among: ", absl::StrJoin(allowed, ", ")));
    }
  }
  return absl::OkStatus();
}

bool MaskHas(const std::vector<std::string>& mask, absl::string_view path) {
  return std::find(mask.begin(), mask.end(), path) != mask.end();
}

absl::Status CheckRequiredEtag(absl::string_view etag, int64_t version,
                               absl::string_view name) {
  if (etag.empty()) return InvalidArgumentError("etag", "required");
  return CheckOptionalEtag(etag, version, name);
}

absl::Status CheckOptionalEtag(absl::string_view etag, int64_t version,
                               absl::string_view name) {
  if (!etag.empty() && !EtagMatches(etag, version)) return StaleEtag(name);
  return absl::OkStatus();
}

}  // namespace masar::aip

#ifndef MASAR_COMMON_AIP_UPDATE_MASK_H_
#define MASAR_COMMON_AIP_UPDATE_MASK_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// Update masks (AIP-134) and etags (AIP-154) as every service checks them.
namespace masar::aip {

// An Update's field mask: required, no "*", each path one of `allowed`
// (INVALID_ARGUMENT naming update_mask otherwise).
absl::Status CheckUpdateMask(const std::vector<std::string>& mask,
                             std::initializer_list<absl::string_view> allowed);

bool MaskHas(const std::vector<std::string>& mask, absl::string_view path);

// An Update's etag: required (INVALID_ARGUMENT naming etag) and current
// (ABORTED, StaleEtag(name), otherwise).
absl::Status CheckRequiredEtag(absl::string_view etag, int64_t version,
                               absl::string_view name);
// A delete's or state change's etag: optional; when given, current.
absl::Status CheckOptionalEtag(absl::string_view etag, int64_t version,
                               absl::string_view name);

}  // namespace masar::aip

#endif  // MASAR_COMMON_AIP_UPDATE_MASK_H_

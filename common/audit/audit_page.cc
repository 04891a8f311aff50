#include "common/audit/audit_page.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace masar::audit {
namespace {

absl::Status CheckFilter(const AuditFilter& filter) {
  if (filter.after_sequence < 0) {
    return InvalidArgumentError("after_sequence", "must not be negative");
  }
  if (filter.start_time.has_value() && filter.end_time.has_value() &&
      *filter.end_time <= *filter.start_time) {
    return InvalidArgumentError("end_time", "must be after start_time");
  }
  return absl::OkStatus();
}

// What a page token is bound to: every field of the filter.
std::string FilterKey(const AuditFilter& filter) {
  const auto micros = [](const std::optional<absl::Time>& t) {
    return t.has_value() ? absl::StrCat(absl::ToUnixMicros(*t)) : "";
  };
  return absl::StrCat("audit|", filter.resource, "|", filter.actor, "|",
                      filter.action, "|", micros(filter.start_time), "|",
                      micros(filter.end_time), "|", filter.after_sequence);
}

}  // namespace

absl::StatusOr<aip::Page<AuditEntry>> ListAuditPage(const AuditLog& log,
                                               sql::Executor& db,
                                               const AuditFilter& filter,
                                               const aip::PageRequest& page) {
  RETURN_IF_ERROR(CheckFilter(filter));
  const std::string filter_key = FilterKey(filter);
  ASSIGN_OR_RETURN(aip::PageQuery query, aip::ParsePageRequest(page, filter_key));
  AuditFilter rest = filter;
  if (query.after.has_value()) {
    int64_t last = 0;
    if (!absl::SimpleAtoi(query.after->key, &last)) {
      return InvalidArgumentError("page_token", "malformed");
    }
    rest.after_sequence = std::max(rest.after_sequence, last);
  }
  aip::ListResult<AuditEntry> result;
  // One entry more than the page says whether another page follows.
  ASSIGN_OR_RETURN(result.items, log.List(db, rest, query.limit + 1));
  result.more = static_cast<int>(result.items.size()) > query.limit;
  if (result.more) result.items.resize(query.limit);
  return aip::MakePage(std::move(result), filter_key, [](const AuditEntry& entry) {
    return aip::PageCursor{entry.event_time, absl::StrCat(entry.sequence)};
  });
}

}  // namespace masar::audit

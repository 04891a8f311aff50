#include "common/aip/pagination.h"

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/crypto/digest.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"

namespace masar::aip {
namespace {

constexpr absl::string_view kTokenVersion = "p1";

std::string FilterDigest(absl::string_view filter) {
  return crypto::Sha256Hex(filter).substr(0, 16);
}

}  // namespace

absl::Status InvalidPageToken() {
  return InvalidArgumentError("page_token",
                              "malformed, or issued for other filters");
}

absl::StatusOr<int> PageLimit(int page_size) {
  if (page_size < 0) {
    return InvalidArgumentError("page_size", "must not be negative");
  }
  return page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
}

absl::StatusOr<PageQuery> ParsePageRequest(const PageRequest& request,
                                           absl::string_view filter) {
  PageQuery query;
  ASSIGN_OR_RETURN(query.limit, PageLimit(request.page_size));
  if (request.page_token.empty()) return query;
  std::string text;
  if (!absl::WebSafeBase64Unescape(request.page_token, &text)) {
    return InvalidPageToken();
  }
  std::vector<std::string> parts =
      absl::StrSplit(text, absl::MaxSplits('|', 3));
  int64_t micros = 0;
  if (parts.size() != 4 || parts[0] != kTokenVersion ||
      parts[1] != FilterDigest(filter) ||
      !absl::SimpleAtoi(parts[2], &micros) || parts[3].empty()) {
    return InvalidPageToken();
  }
  query.after = PageCursor{absl::FromUnixMicros(micros), parts[3]};
  return query;
}

std::string MakePageToken(const PageCursor& last, absl::string_view filter) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kTokenVersion, "|", FilterDigest(filter), "|",
                   absl::ToUnixMicros(last.create_time), "|", last.key));
}

bool ComesAfter(const PageCursor& cursor, const PageCursor& after) {
  if (cursor.create_time != after.create_time) {
    return cursor.create_time > after.create_time;
  }
  return cursor.key > after.key;
}

}  // namespace masar::aip

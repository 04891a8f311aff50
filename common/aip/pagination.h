#ifndef MASAR_COMMON_AIP_PAGINATION_H_
#define MASAR_COMMON_AIP_PAGINATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

// List pagination (DESIGN section 3, AIP-158), the same for every service:
// lists run oldest first, ordered by (create_time, key), and a page token is
// an opaque cursor on the last item returned, bound to the filters it was
// issued for.
namespace masar::aip {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// What a List call asks for.
struct PageRequest {
  int page_size = 0;
  std::string page_token;
};

// The position after which a page starts: the last item of the previous
// page. `key` is the item's id (for members "{organization}/{user}").
struct PageCursor {
  absl::Time create_time;
  std::string key;

  friend bool operator==(const PageCursor&, const PageCursor&) = default;
};

// What repositories receive: at most `limit` items after `after`.
struct PageQuery {
  int limit = kDefaultPageSize;
  std::optional<PageCursor> after;
};

// What repositories answer: the items and whether more follow.
template <typename T>
struct ListResult {
  std::vector<T> items;
  bool more = false;
};

// What a List use case answers.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;  // empty on the last page
};

// The number of items a `page_size` asks for: 0 -> 50, above 500 -> 500 (a
// larger value is clamped, not refused), negative -> INVALID_ARGUMENT naming
// page_size.
absl::StatusOr<int> PageLimit(int page_size);

// Checks the page size (as PageLimit) and decodes the token, which must have
// been issued for the same `filter` (INVALID_ARGUMENT naming page_token).
// `filter` is any canonical rendering of the list's parent and filters; only
// a digest of it enters tokens.
absl::StatusOr<PageQuery> ParsePageRequest(const PageRequest& request,
                                           absl::string_view filter);

absl::Status InvalidPageToken();

// The token of the page after `last`, for `filter`.
std::string MakePageToken(const PageCursor& last, absl::string_view filter);

// Turns a repository answer into a page, `cursor_of` giving an item's cursor.
template <typename T, typename CursorOf>
Page<T> MakePage(ListResult<T> result, absl::string_view filter,
                 CursorOf cursor_of) {
  Page<T> page;
  if (result.more && !result.items.empty()) {
    page.next_page_token =
        MakePageToken(cursor_of(result.items.back()), filter);
  }
  page.items = std::move(result.items);
  return page;
}

// True when an item at `cursor` comes after `after` in list order (for
// in-memory lists; SQL stores express the same comparison in SQL).
bool ComesAfter(const PageCursor& cursor, const PageCursor& after);

}  // namespace masar::aip

#endif  // MASAR_COMMON_AIP_PAGINATION_H_

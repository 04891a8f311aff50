#include "common/aip/pagination.h"

#include <limits>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::aip {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

TEST(PaginationTest, PageLimitDefaultsClampsAndRefusesNegatives) {
  EXPECT_THAT(PageLimit(0), IsOkAndHolds(50));
  EXPECT_THAT(PageLimit(1), IsOkAndHolds(1));
  EXPECT_THAT(PageLimit(500), IsOkAndHolds(500));
  EXPECT_THAT(PageLimit(501), IsOkAndHolds(500));
  EXPECT_THAT(PageLimit(std::numeric_limits<int>::max()), IsOkAndHolds(500));
  EXPECT_THAT(PageLimit(-1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("page_size")));
}

TEST(PaginationTest, PageSizes) {
  absl::StatusOr<PageQuery> q = ParsePageRequest({0, ""}, "f");
  ASSERT_THAT(q, IsOk());
  EXPECT_EQ(q->limit, 50);
  EXPECT_FALSE(q->after.has_value());
  q = ParsePageRequest({7, ""}, "f");
  ASSERT_THAT(q, IsOk());
  EXPECT_EQ(q->limit, 7);
  q = ParsePageRequest({100000, ""}, "f");
  ASSERT_THAT(q, IsOk());
  EXPECT_EQ(q->limit, 500);
  EXPECT_THAT(ParsePageRequest({-1, ""}, "f"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("page_size")));
}

TEST(PaginationTest, TokensRoundTripForTheSameFilterOnly) {
  PageCursor cursor{absl::FromUnixMicros(1700000000123456), "abc|def/ghi"};
  std::string token = MakePageToken(cursor, "users|a@b.ma|0");
  EXPECT_EQ(token.find("a@b.ma"), std::string::npos);  // filters are digested
  absl::StatusOr<PageQuery> q = ParsePageRequest({0, token}, "users|a@b.ma|0");
  ASSERT_THAT(q, IsOk());
  ASSERT_TRUE(q->after.has_value());
  EXPECT_EQ(*q->after, cursor);
  EXPECT_THAT(ParsePageRequest({0, token}, "users||0"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       ::testing::HasSubstr("page_token")));
  for (const char* bad : {"garbage!", "cDF8eHw", ""}) {
    if (std::string(bad).empty()) continue;
    EXPECT_THAT(ParsePageRequest({0, bad}, "users|a@b.ma|0"),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

TEST(PaginationTest, MakePageSetsTokenOnlyWhenMoreFollow) {
  struct Item {
    absl::Time t;
    std::string id;
  };
  auto cursor_of = [](const Item& i) { return PageCursor{i.t, i.id}; };
  ListResult<Item> last{{{absl::UnixEpoch(), "a"}}, false};
  EXPECT_TRUE(MakePage(last, "f", cursor_of).next_page_token.empty());
  ListResult<Item> more{{{absl::UnixEpoch(), "a"}}, true};
  Page<Item> page = MakePage(more, "f", cursor_of);
  absl::StatusOr<PageQuery> next =
      ParsePageRequest({0, page.next_page_token}, "f");
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next->after->key, "a");
}

}  // namespace
}  // namespace masar::aip

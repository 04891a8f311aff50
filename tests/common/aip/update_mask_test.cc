#include "common/aip/update_mask.h"

#include "common/aip/etag.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::aip {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;

TEST(UpdateMaskTest, RequiresAMaskOfAllowedPaths) {
  EXPECT_THAT(CheckUpdateMask({}, {"title"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("update_mask")));
  EXPECT_THAT(CheckUpdateMask({"title", "*"}, {"title", "role"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("title, role")));
  EXPECT_THAT(CheckUpdateMask({"role", "title"}, {"title", "role"}), IsOk());
}

TEST(UpdateMaskTest, MaskHasNamesExactPaths) {
  EXPECT_TRUE(MaskHas({"title", "role"}, "role"));
  EXPECT_FALSE(MaskHas({"title"}, "titl"));
  EXPECT_FALSE(MaskHas({}, "title"));
}

TEST(EtagTest, RendersTheVersionAndMatchesOnlyIt) {
  EXPECT_EQ(RenderEtag(7), "\"v7\"");
  EXPECT_TRUE(EtagMatches("\"v7\"", 7));
  EXPECT_FALSE(EtagMatches("\"v7\"", 8));
  EXPECT_FALSE(EtagMatches("v7", 7));
}

TEST(EtagTest, RequiredEtagMustBeGivenAndCurrent) {
  EXPECT_THAT(CheckRequiredEtag("", 3, "users/u"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("etag")));
  EXPECT_THAT(CheckRequiredEtag(RenderEtag(2), 3, "users/u"),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("users/u")));
  EXPECT_THAT(CheckRequiredEtag(RenderEtag(3), 3, "users/u"), IsOk());
}

TEST(EtagTest, OptionalEtagMayBeOmittedButNotStale) {
  EXPECT_THAT(CheckOptionalEtag("", 3, "users/u"), IsOk());
  EXPECT_THAT(CheckOptionalEtag(RenderEtag(3), 3, "users/u"), IsOk());
  EXPECT_THAT(CheckOptionalEtag("garbage", 3, "users/u"),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(StaleEtag("organizations/o"),
              StatusIs(absl::StatusCode::kAborted,
                       HasSubstr("organizations/o changed")));
}

}  // namespace
}  // namespace masar::aip

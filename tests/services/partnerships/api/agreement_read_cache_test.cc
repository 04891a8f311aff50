// The read cache's entries: the days an agreement's view stays valid.
#include "services/partnerships/api/agreement_read_cache.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace masar::partnerships {
namespace {

Agreement Active() {
  Agreement agreement;
  agreement.id = "a0000000-0000-4000-8000-000000000001";
  agreement.terms.effective_on = absl::CivilDay(2025, 5, 20);
  agreement.expires_on = absl::CivilDay(2027, 5, 20);
  agreement.state = AgreementState::kActive;
  agreement.version = 3;
  return agreement;
}

TEST(AgreementReadCacheTest, AViewLastsUntilItsNextDay) {
  // Signed ahead: valid until it enters into force.
  std::optional<AgreementReadCache::Entry> entry =
      AgreementReadCache::Decode(AgreementReadCache::Encode(
          Active(), absl::CivilDay(2025, 5, 1), absl::CivilDay(2025, 5, 1)));
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->from, absl::CivilDay(2025, 5, 1));
  EXPECT_EQ(entry->until, absl::CivilDay(2025, 5, 20));
  EXPECT_EQ(entry->agreement.name(),
            "agreements/a0000000-0000-4000-8000-000000000001");
  // In force: valid until it expires.
  entry = AgreementReadCache::Decode(AgreementReadCache::Encode(
      Active(), absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 1)));
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->until, absl::CivilDay(2027, 5, 20));
  // A renewal takes over first.
  Agreement superseded = Active();
  superseded.supersede_on = absl::CivilDay(2026, 9, 1);
  entry = AgreementReadCache::Decode(AgreementReadCache::Encode(
      superseded, absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 1)));
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->until, absl::CivilDay(2026, 9, 1));
}

TEST(AgreementReadCacheTest, AFillAcrossMidnightIsValidOnNoDay) {
  std::optional<AgreementReadCache::Entry> entry =
      AgreementReadCache::Decode(AgreementReadCache::Encode(
          Active(), absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 1, 2)));
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->from, entry->until);
}

TEST(AgreementReadCacheTest, AnEntryOfAnotherFormIsNotUsed) {
  EXPECT_FALSE(AgreementReadCache::Decode("").has_value());
  EXPECT_FALSE(AgreementReadCache::Decode("12:x:").has_value());
  EXPECT_FALSE(AgreementReadCache::Decode("1:2:\xff\xff").has_value());
}

}  // namespace
}  // namespace masar::partnerships

#include "common/auth/revocation_list.h"

#include "common/auth/revocation.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

Principal TokenOf(std::string subject, std::string jti, absl::Time iat) {
  Claims c;
  c.subject = std::move(subject);
  c.token_id = std::move(jti);
  c.issued_at = iat;
  c.expires_at = iat + absl::Minutes(15);
  return *Principal::FromClaims(c);
}

TEST(RevocationListTest, AppliesInSequenceAndIgnoresDuplicatesAndOlder) {
  RevocationList list;
  Revocation r1{1, RevocationKind::kToken, "a", kT0, kT0 + absl::Minutes(5)};
  Revocation r3{3, RevocationKind::kToken, "c", kT0, kT0 + absl::Minutes(5)};
  Revocation r2{2, RevocationKind::kToken, "b", kT0, kT0 + absl::Minutes(5)};
  EXPECT_TRUE(list.Apply(r1));
  EXPECT_FALSE(list.Apply(r1));
  EXPECT_TRUE(list.Apply(r3));
  EXPECT_FALSE(list.Apply(r2));
  EXPECT_EQ(list.last_sequence(), 3);
  EXPECT_TRUE(list.IsRevoked(TokenOf("users/u", "a", kT0)));
  EXPECT_TRUE(list.IsRevoked(TokenOf("users/u", "c", kT0)));
  EXPECT_FALSE(list.IsRevoked(TokenOf("users/u", "z", kT0)));
}

TEST(RevocationListTest, SubjectRevocationEndsEveryTokenIssuedUpToIt) {
  RevocationList list;
  const absl::Time revoked_at = kT0 + absl::Milliseconds(700);
  list.Apply({1, RevocationKind::kSubject, "users/u", revoked_at,
              kT0 + absl::Minutes(20)});
  EXPECT_TRUE(list.IsRevoked(TokenOf("users/u", "x", kT0 - absl::Seconds(1))));
  // Issued earlier in the revocation's own second, and in its millisecond.
  EXPECT_TRUE(list.IsRevoked(TokenOf("users/u", "y", kT0)));
  EXPECT_TRUE(list.IsRevoked(
      TokenOf("users/u", "y", kT0 + absl::Milliseconds(699))));
  EXPECT_TRUE(list.IsRevoked(TokenOf("users/u", "y", revoked_at)));
  // Issued after it, even within the same second: a fresh sign-in passes.
  EXPECT_FALSE(list.IsRevoked(
      TokenOf("users/u", "w", kT0 + absl::Milliseconds(701))));
  EXPECT_FALSE(list.IsRevoked(TokenOf("users/v", "z", kT0 - absl::Seconds(1))));
  // A later not-before wins; an earlier one does not move it back.
  list.Apply({2, RevocationKind::kSubject, "users/u", kT0 + absl::Seconds(10),
              kT0 + absl::Minutes(20)});
  list.Apply({3, RevocationKind::kSubject, "users/u", kT0,
              kT0 + absl::Minutes(20)});
  EXPECT_TRUE(list.IsRevoked(TokenOf("users/u", "y", kT0 + absl::Seconds(9))));
  EXPECT_FALSE(list.IsRevoked(
      TokenOf("users/u", "y", kT0 + absl::Seconds(10) + absl::Milliseconds(1))));
}

TEST(RevocationListTest, PurgeForgetsExpiredEntries) {
  RevocationList list;
  list.Apply({1, RevocationKind::kToken, "a", kT0, kT0 + absl::Minutes(1)});
  list.Apply({2, RevocationKind::kSession, "s", kT0, kT0 + absl::Minutes(10)});
  list.Apply({3, RevocationKind::kSubject, "users/u", kT0, kT0 + absl::Minutes(1)});
  EXPECT_EQ(list.Purge(kT0 + absl::Minutes(2)), 2);
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list.last_sequence(), 3);
}

TEST(RevocationTest, RoundTripsThroughJson) {
  Revocation r{42, RevocationKind::kSubject, "users/u",
               kT0 + absl::Microseconds(5), kT0 + absl::Minutes(20)};
  EXPECT_THAT(RevocationFromJson(RevocationToJson(r)), IsOkAndHolds(r));
  for (const char* bad : {"", "{}", "[1]", R"({"sequence":1,"kind":"x","value":"v","time":1,"expire_time":2})",
                          R"({"sequence":"1","kind":"token","value":"v","time":1,"expire_time":2})"}) {
    EXPECT_THAT(RevocationFromJson(bad),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

}  // namespace
}  // namespace masar::auth

#include "common/auth/principal.h"

#include "common/auth/role.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;

TEST(RoleBindingTest, ParsesAndFormatsRoleAtScope) {
  absl::StatusOr<RoleBinding> b = ParseRoleBinding("FOUNDER@organizations/123");
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(*b, (RoleBinding{Role::kFounder, "organizations/123"}));
  EXPECT_EQ(FormatRoleBinding(*b), "FOUNDER@organizations/123");
  EXPECT_THAT(ParseRoleBinding("SERVICE@*"), IsOk());
  EXPECT_THAT(ParseRoleBinding("PROGRAM_MANAGER@programs/spark-2022-ma"), IsOk());
}

TEST(RoleBindingTest, RefusesUnknownRolesAndScopes) {
  for (const char* text :
       {"FOUNDER", "FOUNDER@", "KING@*", "founder@*", "FOUNDER@users/u1",
        "FOUNDER@programs/", "FOUNDER@programs/p/applications/a",
        "FOUNDER@programs", "@*", "FOUNDER@**"}) {
    EXPECT_THAT(ParseRoleBinding(text),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << text;
  }
}

struct ScopeCase {
  const char* scope;
  const char* resource;
  bool covers;
};

TEST(ScopeCoversTest, Table) {
  const ScopeCase cases[] = {
      {"*", "programs/p", true},
      {"*", "organizations/o/members/u", true},
      {"*", "*", true},
      {"programs/p", "programs/p", true},
      {"programs/p", "programs/p/applications/a", true},
      {"programs/p", "programs/p2", false},
      {"programs/p", "programs/p2/applications/a", false},
      {"programs/p", "programs", false},
      {"programs/p", "organizations/p", false},
      {"programs/p", "*", false},
      {"programs/p", "xprograms/p", false},
      {"organizations/o", "organizations/o/members/u", true},
      {"organizations/o", "organizations/o", true},
      {"organizations/o", "organizations/o1", false},
      {"organizations/o", "programs/o", false},
      {"", "/x", false},
      {"programs/", "programs//x", false},
  };
  for (const ScopeCase& c : cases) {
    EXPECT_EQ(ScopeCovers(c.scope, c.resource), c.covers)
        << c.scope << " over " << c.resource;
  }
}

Claims ClaimsWith(std::vector<std::string> roles) {
  Claims c;
  c.subject = "users/u1";
  c.roles = std::move(roles);
  c.amr = {"pwd"};
  c.token_id = "j";
  c.session_id = "s";
  c.issued_at = absl::FromUnixSeconds(100);
  c.expires_at = absl::FromUnixSeconds(200);
  return c;
}

TEST(PrincipalTest, FromClaimsKeepsWhatTheTokenSays) {
  absl::StatusOr<Principal> p = Principal::FromClaims(
      ClaimsWith({"FOUNDER@organizations/o1", "REVIEWER@programs/p1"}));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->subject(), "users/u1");
  EXPECT_TRUE(p->IsUser());
  EXPECT_FALSE(p->IsServiceAccount());
  EXPECT_THAT(p->bindings(),
              ElementsAre(RoleBinding{Role::kFounder, "organizations/o1"},
                          RoleBinding{Role::kReviewer, "programs/p1"}));
  EXPECT_EQ(p->token_id(), "j");
  EXPECT_EQ(p->session_id(), "s");
  EXPECT_EQ(p->issued_at(), absl::FromUnixSeconds(100));
  EXPECT_EQ(p->expires_at(), absl::FromUnixSeconds(200));
  EXPECT_TRUE(p->HasAuthenticationMethod("pwd"));
  EXPECT_FALSE(p->HasAuthenticationMethod("otp"));
}

TEST(PrincipalTest, DropsBindingsItCannotParse) {
  absl::StatusOr<Principal> p =
      Principal::FromClaims(ClaimsWith({"EMPEROR@*", "MENTOR@programs/p", "x"}));
  ASSERT_THAT(p, IsOk());
  EXPECT_THAT(p->bindings(), ElementsAre(RoleBinding{Role::kMentor, "programs/p"}));
}

TEST(PrincipalTest, RefusesASubjectThatIsNoPrincipal) {
  for (const char* sub : {"", "users/", "users/a/b", "organizations/o", "u1"}) {
    Claims c = ClaimsWith({});
    c.subject = sub;
    EXPECT_THAT(Principal::FromClaims(c),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << sub;
  }
  Claims sa = ClaimsWith({"SERVICE@*"});
  sa.subject = "serviceAccounts/onboarding";
  absl::StatusOr<Principal> p = Principal::FromClaims(sa);
  ASSERT_THAT(p, IsOk());
  EXPECT_TRUE(p->IsServiceAccount());
}

TEST(PrincipalTest, HasRoleFollowsScopes) {
  Principal p("users/u1", {{Role::kFounder, "organizations/o1"},
                           {Role::kReviewer, "programs/p1"}});
  EXPECT_TRUE(p.HasRole(Role::kFounder, "organizations/o1"));
  EXPECT_TRUE(p.HasRole(Role::kFounder, "organizations/o1/members/u2"));
  EXPECT_FALSE(p.HasRole(Role::kFounder, "organizations/o2"));
  EXPECT_FALSE(p.HasRole(Role::kFounder, "*"));
  EXPECT_FALSE(p.HasRole(Role::kReviewer, "organizations/o1"));
  EXPECT_TRUE(p.HasRole(Role::kReviewer, "programs/p1/applications/a"));
  EXPECT_FALSE(p.HasRole(Role::kReviewer, "programs/p10"));
  EXPECT_TRUE(p.HasAnyRole({Role::kMentor, Role::kReviewer}, "programs/p1"));
  EXPECT_FALSE(p.HasAnyRole({Role::kMentor, Role::kAuditor}, "programs/p1"));
  EXPECT_TRUE(p.HasRoleInAnyScope(Role::kReviewer));
  EXPECT_FALSE(p.HasRoleInAnyScope(Role::kPlatformAdmin));

  Principal admin("users/a", {{Role::kPlatformAdmin, "*"}});
  EXPECT_TRUE(admin.HasRole(Role::kPlatformAdmin, "programs/anything"));
  EXPECT_TRUE(admin.HasRole(Role::kPlatformAdmin, "*"));
}

}  // namespace
}  // namespace masar::auth

#include "common/auth/caller.h"

#include "gtest/gtest.h"

namespace masar::auth {
namespace {

TEST(CallerTest, AnonymousHoldsNothing) {
  const Caller anonymous;
  EXPECT_EQ(anonymous.subject(), "");
  EXPECT_EQ(anonymous.AuditName(), "anonymous");
  EXPECT_FALSE(anonymous.IsServiceAccount());
  EXPECT_FALSE(anonymous.IsUser(""));
  EXPECT_FALSE(anonymous.HasRole(Role::kPlatformAdmin, "*"));
}

TEST(CallerTest, RolesReachTheirScopeAndGlobalRolesEverything) {
  const Caller founder(
      Principal("users/u1", {{Role::kFounder, "organizations/o1"},
                             {Role::kAuditor, "*"}}),
      "req-1");
  EXPECT_EQ(founder.request_id(), "req-1");
  EXPECT_EQ(founder.AuditName(), "users/u1");
  EXPECT_TRUE(founder.IsUser("u1"));
  EXPECT_FALSE(founder.IsUser("u"));
  EXPECT_TRUE(founder.HasRole(Role::kFounder, "organizations/o1"));
  EXPECT_FALSE(founder.HasRole(Role::kFounder, "organizations/o2"));
  EXPECT_FALSE(founder.HasGlobalRole(Role::kFounder));
  EXPECT_TRUE(founder.HasGlobalRole(Role::kAuditor));
  EXPECT_TRUE(founder.HasRole(Role::kAuditor, "organizations/o2"));
  EXPECT_FALSE(founder.IsPlatformAdmin());
  EXPECT_FALSE(founder.IsServiceAccount());
}

TEST(CallerTest, ServiceAccountsAreNotUsers) {
  const Caller service(Principal("serviceAccounts/u1", {{Role::kService, "*"}}));
  EXPECT_TRUE(service.IsServiceAccount());
  EXPECT_FALSE(service.IsUser("u1"));
  EXPECT_TRUE(service.HasGlobalRole(Role::kService));
}

}  // namespace
}  // namespace masar::auth

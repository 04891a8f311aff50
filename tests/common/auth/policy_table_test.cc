#include "common/auth/policy_table.h"

#include <string>
#include <vector>

#include "common/auth/call_authorizer.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::auth {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kService[] = "masar.identity.v1.IdentityService";

std::string M(const char* method) { return GrpcMethodName(kService, method); }

PolicyTable Table() {
  absl::StatusOr<PolicyTable> table = PolicyTable::Create(
      kService,
      {{"Authenticate", Access::Public()},
       {"GetUser", Access::Authenticated()},
       {"CreateRoleBinding", Access::AnyRole({Role::kPlatformAdmin})},
       {"ListAuditEvents",
        Access::AnyRole({Role::kAuditor, Role::kPlatformAdmin})}});
  EXPECT_THAT(table, IsOk());
  return *std::move(table);
}

TEST(PolicyTableTest, NamesMethodsAsGrpcDoes) {
  EXPECT_EQ(M("GetUser"), "/masar.identity.v1.IdentityService/GetUser");
}

TEST(PolicyTableTest, PublicNeedsNoPrincipal) {
  EXPECT_THAT(Table().Check(M("Authenticate"), nullptr), IsOk());
  EXPECT_TRUE(Table().IsPublic(M("Authenticate")));
  EXPECT_FALSE(Table().IsPublic(M("GetUser")));
}

TEST(PolicyTableTest, AuthenticatedNeedsAnyPrincipal) {
  Principal nobody("users/u", {});
  EXPECT_THAT(Table().Check(M("GetUser"), nullptr),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Table().Check(M("GetUser"), &nobody), IsOk());
}

TEST(PolicyTableTest, RolesNeedOneOfTheRolesInAnyScope) {
  Principal founder("users/u", {{Role::kFounder, "organizations/o"}});
  Principal auditor("users/a", {{Role::kAuditor, "programs/p"}});
  Principal admin("users/x", {{Role::kPlatformAdmin, "*"}});
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), nullptr),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &founder),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &auditor), IsOk());
  EXPECT_THAT(Table().Check(M("ListAuditEvents"), &admin), IsOk());
  EXPECT_THAT(Table().Check(M("CreateRoleBinding"), &auditor),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PolicyTableTest, AMethodNotInTheTableIsDenied) {
  Principal admin("users/x", {{Role::kPlatformAdmin, "*"}});
  EXPECT_THAT(Table().Check(M("DeleteEverything"), &admin),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Table().Check(M("DeleteEverything"), nullptr),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(Table().Check("/other.Service/GetUser", &admin),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(PolicyTableTest, MissingMethodsNamesWhatTheTableLacks) {
  std::vector<std::string> methods = {M("Authenticate"), M("GetUser"),
                                      M("DisableUser"), M("GetJwks")};
  EXPECT_THAT(Table().MissingMethods(methods),
              ElementsAre(M("DisableUser"), M("GetJwks")));
  EXPECT_THAT(Table().MissingMethods({M("GetUser")}), IsEmpty());
}

TEST(PolicyTableTest, RefusesBadTables) {
  EXPECT_THAT(PolicyTable::Create(kService, {{"A", Access::Public()},
                                             {"A", Access::Authenticated()}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(PolicyTable::Create(kService, {{"A", Access::AnyRole({})}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(PolicyTable::Create(kService, {{"/x/A", Access::Public()}}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(BearerTest, ParsesTheBearerScheme) {
  EXPECT_THAT(ParseBearer("Bearer abc.def.ghi"), IsOk());
  EXPECT_EQ(*ParseBearer("bearer  abc "), "abc");
  for (const char* header : {"", "Bearer", "Bearer ", "Basic abc", "abc.def.ghi",
                             "Bearerabc"}) {
    EXPECT_THAT(ParseBearer(header),
                StatusIs(absl::StatusCode::kUnauthenticated))
        << header;
  }
}

}  // namespace
}  // namespace masar::auth

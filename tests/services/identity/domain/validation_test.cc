#include "services/identity/domain/validation.h"

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;

// INVALID_ARGUMENT whose one violation names `field`.
MATCHER_P(NamesField, field, "") {
  if (arg.code() != absl::StatusCode::kInvalidArgument) {
    *result_listener << "status is " << arg;
    return false;
  }
  std::vector<FieldViolation> v = FieldViolations(arg);
  *result_listener << "status is " << arg;
  return v.size() == 1 && v[0].field == field;
}

const absl::Time kNow = absl::FromCivil(absl::CivilSecond(2025, 6, 1, 12, 0, 0),
                                        absl::UTCTimeZone());

TEST(ValidationTest, Email) {
  for (const char* ok :
       {"amina@example.ma", "A.B+tag@sub.example.co", "x@a-b.org"}) {
    EXPECT_THAT(ValidateEmail("user.email", ok), IsOk()) << ok;
  }
  for (const char* bad : {"", "amina", "amina@", "@example.ma", "a@b@c.ma",
                          "a b@example.ma", "amina@localhost", "amina@-bad.ma",
                          "a..b@example.ma", "amina@example..ma"}) {
    EXPECT_THAT(ValidateEmail("user.email", bad), NamesField("user.email"))
        << bad;
  }
  EXPECT_THAT(ValidateEmail("user.email", std::string(250, 'a') + "@x.ma"),
              NamesField("user.email"));
  EXPECT_EQ(NormalizeEmail("Amina@Example.MA"), "amina@example.ma");
}

TEST(ValidationTest, Phone) {
  EXPECT_THAT(ValidatePhone("user.phone", "+212612345678"), IsOk());
  EXPECT_THAT(ValidatePhone("user.phone", "+14155552671"), IsOk());
  for (const char* bad : {"0612345678", "+0612345678", "+2126123456789012",
                          "+212 612345678", "+12"}) {
    EXPECT_THAT(ValidatePhone("user.phone", bad), NamesField("user.phone"))
        << bad;
  }
}

TEST(ValidationTest, DisplayNamesCountCodePoints) {
  EXPECT_THAT(ValidateUserDisplayName("user.display_name", "أمينة"), IsOk());
  std::string arabic_100;
  for (int i = 0; i < 100; ++i) arabic_100 += "ب";  // 2 bytes each
  EXPECT_THAT(ValidateUserDisplayName("user.display_name", arabic_100), IsOk());
  EXPECT_THAT(ValidateUserDisplayName("user.display_name", arabic_100 + "ب"),
              NamesField("user.display_name"));
  EXPECT_THAT(ValidateUserDisplayName("user.display_name", "   "),
              NamesField("user.display_name"));

  EXPECT_THAT(ValidateOrganizationDisplayName("organization.display_name",
                                              {"", "Atlas", ""}),
              IsOk());
  EXPECT_THAT(ValidateOrganizationDisplayName("organization.display_name", {}),
              NamesField("organization.display_name"));
  EXPECT_THAT(ValidateOrganizationDisplayName("organization.display_name",
                                              {"", "", std::string(201, 'x')}),
              NamesField("organization.display_name.en"));
}

TEST(ValidationTest, LanguageNationalIdAndDemographics) {
  EXPECT_THAT(ValidateLanguage("user.preferred_language", Language::kZgh),
              IsOk());
  EXPECT_THAT(
      ValidateLanguage("user.preferred_language", Language::kUnspecified),
      NamesField("user.preferred_language"));
  for (const char* ok : {"AB123456", "A12345", "ab12345"}) {
    EXPECT_THAT(ValidateNationalId("user.national_id", ok), IsOk()) << ok;
  }
  for (const char* bad :
       {"ABC12345", "AB1234", "AB1234567", "123456", "AB12a45"}) {
    EXPECT_THAT(ValidateNationalId("user.national_id", bad),
                NamesField("user.national_id"))
        << bad;
  }
  EXPECT_THAT(ValidateDemographics("user.demographics", Gender::kFemale, 1990,
                                   true, kNow),
              IsOk());
  EXPECT_THAT(ValidateDemographics("user.demographics", Gender::kFemale, 0,
                                   false, kNow),
              NamesField("user.demographics.consent"));
  EXPECT_THAT(ValidateDemographics("user.demographics", Gender::kUnspecified,
                                   1899, true, kNow),
              NamesField("user.demographics.birth_year"));
  EXPECT_THAT(ValidateDemographics("user.demographics", Gender::kUnspecified,
                                   2026, true, kNow),
              NamesField("user.demographics.birth_year"));
  EXPECT_THAT(ValidateDemographics("user.demographics", Gender::kUnspecified, 0,
                                   false, kNow),
              IsOk());
}

TEST(ValidationTest, Country) {
  EXPECT_TRUE(IsIsoCountryCode("MA"));
  EXPECT_TRUE(IsIsoCountryCode("FR"));
  EXPECT_TRUE(IsIsoCountryCode("ZW"));
  EXPECT_FALSE(IsIsoCountryCode("ma"));
  EXPECT_FALSE(IsIsoCountryCode("XX"));
  EXPECT_FALSE(IsIsoCountryCode("UK"));  // the code is GB
  EXPECT_FALSE(IsIsoCountryCode("MAR"));
  EXPECT_THAT(ValidateCountry("organization.country", "XX"),
              NamesField("organization.country"));
  EXPECT_THAT(ValidateCountry("organization.country", ""),
              NamesField("organization.country"));
}

TEST(ValidationTest, IceRulesByCountryAndKind) {
  const char* ice = "001525713000046";
  EXPECT_THAT(
      ValidateIce("organization.ice", OrganizationKind::kCompany, "MA", ice),
      IsOk());
  // Required for Moroccan companies and SMEs only.
  EXPECT_THAT(
      ValidateIce("organization.ice", OrganizationKind::kCompany, "MA", ""),
      NamesField("organization.ice"));
  EXPECT_THAT(ValidateIce("organization.ice", OrganizationKind::kSme, "MA", ""),
              NamesField("organization.ice"));
  EXPECT_THAT(
      ValidateIce("organization.ice", OrganizationKind::kStartup, "MA", ""),
      IsOk());
  EXPECT_THAT(
      ValidateIce("organization.ice", OrganizationKind::kCompany, "FR", ""),
      IsOk());
  // Only for MA.
  EXPECT_THAT(
      ValidateIce("organization.ice", OrganizationKind::kCompany, "FR", ice),
      NamesField("organization.ice"));
  // 15 digits.
  for (const char* bad :
       {"00152571300004", "0015257130000467", "00152571300004a"}) {
    EXPECT_THAT(
        ValidateIce("organization.ice", OrganizationKind::kSme, "MA", bad),
        NamesField("organization.ice"))
        << bad;
  }
}

TEST(ValidationTest, Website) {
  EXPECT_THAT(ValidateWebsite("organization.website", ""), IsOk());
  EXPECT_THAT(ValidateWebsite("organization.website",
                              "https://www.example.ma/path?q=1"),
              IsOk());
  EXPECT_THAT(
      ValidateWebsite("organization.website", "https://example.ma:8443"),
      IsOk());
  for (const char* bad :
       {"http://example.ma", "ftp://example.ma", "example.ma", "https://",
        "https://localhost", "https://user:pw@example.ma",
        "https://exa mple.ma", "javascript:alert(1)"}) {
    EXPECT_THAT(ValidateWebsite("organization.website", bad),
                NamesField("organization.website"))
        << bad;
  }
  EXPECT_THAT(ValidateWebsite("organization.website",
                              "https://example.ma/" + std::string(2040, 'a')),
              NamesField("organization.website"));
}

TEST(ValidationTest, ServiceAccountFields) {
  EXPECT_THAT(ValidateServiceAccountId("service_account_id", "bo-portal"),
              IsOk());
  for (const char* bad :
       {"ab", "1abc", "Abc", "a_b", std::string(64, 'a').c_str()}) {
    EXPECT_THAT(ValidateServiceAccountId("service_account_id", bad),
                NamesField("service_account_id"))
        << bad;
  }
  EXPECT_THAT(ValidateServiceAccountDescription("service_account.description",
                                                std::string(1001, 'd')),
              NamesField("service_account.description"));
}

struct RoleCase {
  Role role;
  const char* scope;
  const char* principal;
  const char* bad_field;  // nullptr when valid
};

class RoleScopeTest : public ::testing::TestWithParam<RoleCase> {};

TEST_P(RoleScopeTest, AcceptsOnlyItsScopesAndPrincipals) {
  const RoleCase& c = GetParam();
  absl::Status s =
      ValidateRoleBinding("role_binding", c.role, c.scope, c.principal);
  if (c.bad_field == nullptr) {
    EXPECT_THAT(s, IsOk());
  } else {
    EXPECT_THAT(s, NamesField(c.bad_field));
  }
}

constexpr char kUser[] = "users/0b9f3a9e-2f41-4c1a-9d35-7d3c1b2a4e5f";
constexpr char kSa[] = "serviceAccounts/onboarding";
constexpr char kOrg[] = "organizations/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
constexpr char kProgram[] = "programs/spark-2022-ma";

INSTANTIATE_TEST_SUITE_P(
    Roles, RoleScopeTest,
    ::testing::Values(
        RoleCase{Role::kPlatformAdmin, "*", kUser, nullptr},
        RoleCase{Role::kPlatformAdmin, kProgram, kUser, "role_binding.scope"},
        RoleCase{Role::kPlatformAdmin, "*", kSa, "role_binding.principal"},
        RoleCase{Role::kAuditor, "*", kUser, nullptr},
        RoleCase{Role::kAuditor, kOrg, kUser, "role_binding.scope"},
        RoleCase{Role::kProgramManager, "*", kUser, nullptr},
        RoleCase{Role::kProgramManager, kProgram, kUser, nullptr},
        RoleCase{Role::kProgramManager, kOrg, kUser, "role_binding.scope"},
        RoleCase{Role::kReviewer, kProgram, kUser, nullptr},
        RoleCase{Role::kReviewer, kOrg, kUser, "role_binding.scope"},
        RoleCase{Role::kMentor, "*", kUser, nullptr},
        RoleCase{Role::kMentor, kProgram, kUser, nullptr},
        RoleCase{Role::kMentor, kOrg, kUser, "role_binding.scope"},
        RoleCase{Role::kFounder, kOrg, kUser, nullptr},
        RoleCase{Role::kFounder, "*", kUser, "role_binding.scope"},
        RoleCase{Role::kFounder, kProgram, kUser, "role_binding.scope"},
        RoleCase{Role::kFounder, kOrg, kSa, "role_binding.principal"},
        RoleCase{Role::kPartnershipOfficer, "*", kUser, nullptr},
        RoleCase{Role::kPartnershipOfficer, kOrg, kUser, nullptr},
        RoleCase{Role::kPartnershipOfficer, kProgram, kUser,
                 "role_binding.scope"},
        RoleCase{Role::kService, "*", kSa, nullptr},
        RoleCase{Role::kService, "*", kUser, "role_binding.principal"},
        RoleCase{Role::kService, kOrg, kSa, "role_binding.scope"},
        RoleCase{Role::kUnspecified, "*", kUser, "role_binding.role"},
        RoleCase{Role::kMentor, "programs/", kUser, "role_binding.scope"},
        RoleCase{Role::kMentor, "organizations/not-a-uuid", kUser,
                 "role_binding.scope"},
        RoleCase{Role::kMentor, "*", "users/42", "role_binding.principal"},
        RoleCase{Role::kMentor, "*", "groups/x", "role_binding.principal"}));

TEST(RoleNameTest, RoundTrips) {
  for (int i = 1; i <= 8; ++i) {
    Role role = static_cast<Role>(i);
    EXPECT_EQ(ParseRoleName(RoleName(role)), role);
  }
  EXPECT_EQ(ParseRoleName("ROOT"), std::nullopt);
}

}  // namespace
}  // namespace masar::identity

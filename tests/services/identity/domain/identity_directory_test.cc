#include "services/identity/domain/identity_directory.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/clock/clock.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/testing/in_memory_identity_ports.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

Actor Who(std::string subject, std::vector<auth::RoleBinding> roles = {}) {
  return Actor(auth::Principal(std::move(subject), std::move(roles)));
}

constexpr absl::StatusCode kInvalid = absl::StatusCode::kInvalidArgument;
constexpr absl::StatusCode kNotFound = absl::StatusCode::kNotFound;
constexpr absl::StatusCode kDenied = absl::StatusCode::kPermissionDenied;
constexpr absl::StatusCode kPrecondition =
    absl::StatusCode::kFailedPrecondition;
constexpr absl::StatusCode kAborted = absl::StatusCode::kAborted;
constexpr absl::StatusCode kExists = absl::StatusCode::kAlreadyExists;

// The field named by the status's only violation.
std::string ViolatedField(const absl::Status& status) {
  std::vector<FieldViolation> v = FieldViolations(status);
  return v.size() == 1 ? v[0].field : "<" + std::string(status.message()) + ">";
}

class IdentityDirectoryTest : public ::testing::Test {
 protected:
  // A use case run alone, in a transaction of its own.
  template <typename R, typename... Params>
  R Change(R (IdentityDirectory::*use_case)(Transaction&, Params...),
           std::type_identity_t<Params>... args) {
    return RunInTransaction(fakes_.unit_of_work(), directory_, use_case,
                            args...);
  }

  IdentityDirectoryTest()
      : directory_(fakes_.directory()) {
    admin_user_ = *Change(&IdentityDirectory::CreateUser, Actor{},
                          NewUserFor("admin@masar.ma"));
    admin_ = Who(admin_user_.name(), {{auth::Role::kPlatformAdmin, "*"}});
    clock_.Advance(absl::Seconds(1));
  }

  static NewUser NewUserFor(const std::string& email) {
    NewUser n;
    n.display_name = "Amina Benali";
    n.email = email;
    n.preferred_language = Language::kFr;
    n.password_hash = "$argon2id$hash";
    return n;
  }

  User MakeUser(const std::string& email) {
    absl::StatusOr<User> user =
        Change(&IdentityDirectory::CreateUser, Actor{}, NewUserFor(email));
    EXPECT_THAT(user, IsOk());
    clock_.Advance(absl::Seconds(1));
    return user.ok() ? *user : User{};
  }

  static Actor As(const User& user) { return Who(user.name()); }

  static NewOrganization Startup() {
    NewOrganization n;
    n.display_name = {"", "Sahara Labs", "Sahara Labs"};
    n.kind = OrganizationKind::kStartup;
    n.country = "MA";
    return n;
  }

  CreatedOrganization MakeStartup(const Actor& founder) {
    absl::StatusOr<CreatedOrganization> created =
        Change(&IdentityDirectory::CreateOrganization, founder, Startup());
    EXPECT_THAT(created, IsOk());
    clock_.Advance(absl::Seconds(1));
    return created.ok() ? *created : CreatedOrganization{};
  }

  Member AddMember(const Actor& by, const Organization& org, const User& user,
                   MemberRole role) {
    absl::StatusOr<Member> m = Change(&IdentityDirectory::CreateMember, by,
                                      {org.name(), user.name(), "CTO", role});
    EXPECT_THAT(m, IsOk());
    return m.ok() ? *m : Member{};
  }

  std::vector<RoleBinding> BindingsOf(const std::string& principal) {
    std::vector<RoleBinding> out;
    EXPECT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
      absl::StatusOr<std::vector<RoleBinding>> r =
          directory_.RolesOf(tx, principal);
      if (r.ok()) out = *r;
      return r.status();
    }),
                IsOk());
    return out;
  }

  FakeClock clock_{absl::FromUnixSeconds(1750000000)};
  InMemoryIdentityPorts fakes_{&clock_};
  IdentityDirectory directory_;
  User admin_user_;
  Actor admin_;
};

// Users.

TEST_F(IdentityDirectoryTest, CreateUserValidatesAndNamesFields) {
  NewUser bad = NewUserFor("not-an-email");
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateUser, Actor{}, bad).status()),
            "user.email");
  bad = NewUserFor("ok@example.ma");
  bad.phone = "0612345678";
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateUser, Actor{}, bad).status()),
            "user.phone");
  bad = NewUserFor("ok@example.ma");
  bad.demographics = DemographicsInput{Gender::kFemale, 1995, false};
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateUser, Actor{}, bad).status()),
            "user.demographics.consent");
  bad = NewUserFor("ok@example.ma");
  bad.preferred_language = Language::kUnspecified;
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateUser, Actor{}, bad).status()),
            "user.preferred_language");

  NewUser good = NewUserFor("Leila@Example.ma");
  good.demographics = DemographicsInput{Gender::kFemale, 1995, true};
  absl::StatusOr<User> user =
      Change(&IdentityDirectory::CreateUser, Actor{}, good);
  ASSERT_THAT(user, IsOk());
  EXPECT_EQ(user->state, UserState::kActive);
  ASSERT_TRUE(user->demographics.has_value());
  EXPECT_EQ(user->demographics->consent_time, clock_.Now());
  EXPECT_THAT(BindingsOf(user->name()), IsEmpty());  // a new user holds no role
  EXPECT_THAT(Change(&IdentityDirectory::CreateUser, Actor{},
                     NewUserFor("leila@EXAMPLE.ma")),
              StatusIs(kExists));
}

TEST_F(IdentityDirectoryTest, UsersSeeOnlyThemselves) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  EXPECT_THAT(directory_.GetUser(As(amina), amina.name()), IsOk());
  EXPECT_THAT(directory_.GetUser(As(amina), omar.name()), StatusIs(kNotFound));
  EXPECT_THAT(directory_.GetUser(admin_, omar.name()), IsOk());
  Actor service =
      Who("serviceAccounts/onboarding", {{auth::Role::kService, "*"}});
  EXPECT_THAT(directory_.GetUser(service, omar.name()), IsOk());
  // A founder scoped somewhere does not see other users.
  Actor scoped = Who(amina.name(), {{auth::Role::kFounder, "organizations/x"}});
  EXPECT_THAT(directory_.GetUser(scoped, omar.name()), StatusIs(kNotFound));
  EXPECT_THAT(directory_.GetUser(admin_, "users/not-a-uuid"),
              StatusIs(kInvalid));
  EXPECT_THAT(
      directory_.GetUser(admin_, "users/0b9f3a9e-2f41-4c1a-9d35-7d3c1b2a4e5f"),
      StatusIs(kNotFound));
}

TEST_F(IdentityDirectoryTest, UpdateUserChecksMaskEtagAndAccess) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  UserUpdate u;
  u.name = amina.name();
  u.update_mask = {"display_name", "demographics"};
  u.etag = amina.etag();
  u.display_name = "Amina B.";
  u.demographics = DemographicsInput{Gender::kFemale, 1990, true};
  absl::StatusOr<User> updated =
      Change(&IdentityDirectory::UpdateUser, As(amina), u);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->display_name, "Amina B.");
  EXPECT_NE(updated->etag(), amina.etag());
  // The etag just used is now stale.
  EXPECT_THAT(Change(&IdentityDirectory::UpdateUser, As(amina), u),
              StatusIs(kAborted));
  // Withdrawing consent clears the demographics.
  u.etag = updated->etag();
  u.update_mask = {"demographics"};
  u.demographics.reset();
  updated = Change(&IdentityDirectory::UpdateUser, As(amina), u);
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->demographics.has_value());

  u.etag = "";
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::UpdateUser, As(amina), u).status()),
            "etag");
  u.etag = updated->etag();
  u.update_mask = {"state"};
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::UpdateUser, As(amina), u).status()),
            "update_mask");
  u.update_mask = {"email"};
  u.email = "OMAR@example.ma";
  EXPECT_THAT(Change(&IdentityDirectory::UpdateUser, As(amina), u),
              StatusIs(kExists));

  // Another user may not even see it; a service sees it but may not change it.
  u.email = "new@example.ma";
  EXPECT_THAT(Change(&IdentityDirectory::UpdateUser, As(omar), u),
              StatusIs(kNotFound));
  Actor service =
      Who("serviceAccounts/onboarding", {{auth::Role::kService, "*"}});
  EXPECT_THAT(Change(&IdentityDirectory::UpdateUser, service, u),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&IdentityDirectory::UpdateUser, admin_, u), IsOk());
}

TEST_F(IdentityDirectoryTest, DisableAndEnableUser) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  EXPECT_THAT(
      Change(&IdentityDirectory::DisableUser, As(amina), {amina.name(), ""}),
      StatusIs(kDenied));
  EXPECT_THAT(
      Change(&IdentityDirectory::DisableUser, As(omar), {amina.name(), ""}),
      StatusIs(kNotFound));
  EXPECT_THAT(
      Change(&IdentityDirectory::DisableUser, admin_, {admin_user_.name(), ""}),
      StatusIs(kPrecondition));
  EXPECT_THAT(Change(&IdentityDirectory::DisableUser, admin_,
                     {amina.name(), "\"v99\""}),
              StatusIs(kAborted));
  absl::StatusOr<User> disabled = Change(&IdentityDirectory::DisableUser,
                                         admin_, {amina.name(), amina.etag()});
  ASSERT_THAT(disabled, IsOk());
  EXPECT_EQ(disabled->state, UserState::kDisabled);
  EXPECT_EQ(disabled->sessions_not_before, clock_.Now());
  EXPECT_THAT(
      Change(&IdentityDirectory::DisableUser, admin_, {amina.name(), ""}),
      StatusIs(kPrecondition));
  absl::StatusOr<User> enabled =
      Change(&IdentityDirectory::EnableUser, admin_, {amina.name(), ""});
  ASSERT_THAT(enabled, IsOk());
  EXPECT_EQ(enabled->state, UserState::kActive);
  EXPECT_EQ(enabled->sessions_not_before, disabled->sessions_not_before);
  EXPECT_THAT(
      Change(&IdentityDirectory::EnableUser, admin_, {amina.name(), ""}),
      StatusIs(kPrecondition));
}

// The one way a principal's sessions end (EndSessionsOf): the not-before
// time, a subject revocation committed with the change, and for a disabled
// or erased user the device tokens.
TEST_F(IdentityDirectoryTest, EndingSessionsRecordsOneSubjectRevocation) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  for (const User* user : {&amina, &omar}) {
    ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
      return fakes_.sessions().AddDeviceToken(
          tx, DeviceToken{.token_hash = "device-" + user->id,
                          .user_id = user->id,
                          .issue_time = clock_.Now(),
                          .expire_time = clock_.Now() + absl::Hours(1)});
    }),
                IsOk());
  }
  auto device_of = [&](const User& user) {
    std::optional<DeviceToken> found;
    EXPECT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
      absl::StatusOr<std::optional<DeviceToken>> r =
          fakes_.sessions().FindDeviceToken(tx, "device-" + user.id);
      if (r.ok()) found = *r;
      return r.status();
    }),
                IsOk());
    return found;
  };
  // A refused change records nothing.
  EXPECT_THAT(Change(&IdentityDirectory::DisableUser, admin_,
                     {amina.name(), "\"v99\""}),
              StatusIs(kAborted));
  EXPECT_THAT(fakes_.unit_of_work().revocations(), IsEmpty());

  ASSERT_THAT(
      Change(&IdentityDirectory::DisableUser, admin_, {amina.name(), ""}),
      IsOk());
  ASSERT_THAT(Change(&IdentityDirectory::DeleteUser, As(omar),
                     {omar.name(), ""}),
              IsOk());
  std::vector<auth::Revocation> revoked = fakes_.unit_of_work().revocations();
  ASSERT_THAT(revoked, SizeIs(2));
  EXPECT_EQ(revoked[0].kind, auth::RevocationKind::kSubject);
  EXPECT_EQ(revoked[0].value, amina.name());
  EXPECT_EQ(revoked[0].time, clock_.Now());
  EXPECT_GT(revoked[0].expire_time, clock_.Now() + absl::Minutes(15));
  EXPECT_EQ(revoked[1].value, omar.name());
  EXPECT_FALSE(device_of(amina).has_value());
  EXPECT_FALSE(device_of(omar).has_value());
}

TEST_F(IdentityDirectoryTest, DeleteUserErasesPersonalFieldsAndKeepsId) {
  NewUser n = NewUserFor("amina@example.ma");
  n.phone = "+212612345678";
  n.national_id_ciphertext = "cipher";
  n.national_id_masked = "AB****56";
  n.demographics = DemographicsInput{Gender::kFemale, 1990, true};
  absl::StatusOr<User> amina =
      Change(&IdentityDirectory::CreateUser, Actor{}, n);
  ASSERT_THAT(amina, IsOk());
  CreatedOrganization org = MakeStartup(As(*amina));
  ASSERT_THAT(BindingsOf(amina->name()), SizeIs(1));

  absl::StatusOr<User> erased =
      Change(&IdentityDirectory::DeleteUser, As(*amina),
             {amina->name(), amina->etag()});
  ASSERT_THAT(erased, IsOk());
  EXPECT_EQ(erased->id, amina->id);
  EXPECT_EQ(erased->state, UserState::kErased);
  EXPECT_EQ(erased->create_time, amina->create_time);
  for (const std::string* field :
       {&erased->display_name, &erased->email, &erased->phone,
        &erased->national_id_ciphertext, &erased->national_id_masked,
        &erased->password_hash, &erased->totp_secret_ciphertext}) {
    EXPECT_THAT(*field, IsEmpty());
  }
  EXPECT_FALSE(erased->demographics.has_value());
  EXPECT_FALSE(erased->mfa_enabled);
  absl::StatusOr<User> stored = directory_.GetUser(admin_, amina->name());
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(*stored, *erased);
  // Memberships and bindings are gone; the email is free again.
  EXPECT_THAT(BindingsOf(amina->name()), IsEmpty());
  EXPECT_THAT(directory_.GetMember(admin_, org.owner_member->name()),
              StatusIs(kNotFound));
  EXPECT_THAT(Change(&IdentityDirectory::CreateUser, Actor{},
                     NewUserFor("amina@example.ma")),
              IsOk());
  // Erasing again succeeds and changes nothing.
  absl::StatusOr<User> again =
      Change(&IdentityDirectory::DeleteUser, admin_, {amina->name(), ""});
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, *erased);
  // No personal value reached the audit trail.
  for (const AuditEvent& e : fakes_.unit_of_work().audit_events()) {
    EXPECT_FALSE(absl::StrContains(e.resource + e.actor, "amina@"))
        << e.resource;
  }
}

TEST_F(IdentityDirectoryTest, DeleteUserRefusedWhileHoldingPlatformAdmin) {
  User other = MakeUser("other@example.ma");
  EXPECT_THAT(Change(&IdentityDirectory::DeleteUser, As(other),
                     {admin_user_.name(), ""}),
              StatusIs(kNotFound));
  User second = MakeUser("second-admin@example.ma");
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    RoleBinding b;
    b.id = "rb-admin";
    b.principal = admin_user_.name();
    b.role = Role::kPlatformAdmin;
    b.scope = "*";
    return fakes_.role_bindings().Create(tx, b);
  }),
              IsOk());
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteUser, admin_, {admin_user_.name(), ""}),
      StatusIs(kPrecondition));
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteUser, admin_, {second.name(), ""}),
      IsOk());
}

TEST_F(IdentityDirectoryTest, ListUsersPagesAndChecksAccess) {
  std::vector<std::string> names = {admin_user_.name()};
  for (int i = 0; i < 4; ++i) {
    names.push_back(MakeUser("u" + std::to_string(i) + "@example.ma").name());
  }
  std::vector<std::string> seen;
  aip::PageRequest page{2, ""};
  int pages = 0;
  do {
    absl::StatusOr<aip::Page<User>> p = directory_.ListUsers(admin_, {}, page);
    ASSERT_THAT(p, IsOk());
    for (const User& u : p->items) seen.push_back(u.name());
    page.page_token = p->next_page_token;
    ++pages;
  } while (!page.page_token.empty() && pages < 10);
  EXPECT_EQ(seen, names);
  EXPECT_EQ(pages, 3);

  absl::StatusOr<aip::Page<User>> first = directory_.ListUsers(admin_, {}, {2, ""});
  ASSERT_THAT(first, IsOk());
  UserFilter other_filter;
  other_filter.state = UserState::kDisabled;
  EXPECT_EQ(ViolatedField(directory_
                              .ListUsers(admin_, other_filter,
                                         {2, first->next_page_token})
                              .status()),
            "page_token");
  EXPECT_EQ(ViolatedField(directory_.ListUsers(admin_, {}, {-1, ""}).status()),
            "page_size");
  EXPECT_THAT(directory_.ListUsers(Who(names[1]), {}, {}), StatusIs(kDenied));
  UserFilter by_email;
  by_email.email = "U2@EXAMPLE.MA";
  absl::StatusOr<aip::Page<User>> one = directory_.ListUsers(admin_, by_email, {});
  ASSERT_THAT(one, IsOk());
  ASSERT_THAT(one->items, SizeIs(1));
  EXPECT_EQ(one->items[0].name(), names[3]);
}

// Organizations.

TEST_F(IdentityDirectoryTest, StartupCreatorBecomesOwnerAndFounder) {
  User amina = MakeUser("amina@example.ma");
  const size_t audit_before = fakes_.unit_of_work().audit_events().size();
  CreatedOrganization created = MakeStartup(As(amina));
  const Organization& org = created.organization;
  ASSERT_TRUE(created.owner_member.has_value());
  EXPECT_EQ(created.owner_member->role, MemberRole::kOwner);
  EXPECT_EQ(created.owner_member->user_id, amina.id);
  ASSERT_TRUE(created.founder_role_binding.has_value());
  EXPECT_EQ(created.founder_role_binding->ScopedRole(),
            "FOUNDER@" + org.name());
  EXPECT_EQ(created.founder_role_binding->creator, amina.name());
  std::vector<RoleBinding> bindings = BindingsOf(amina.name());
  ASSERT_THAT(bindings, SizeIs(1));
  EXPECT_EQ(bindings[0], *created.founder_role_binding);
  // One audit record per change: organization, member, binding.
  std::vector<AuditEvent> events = fakes_.unit_of_work().audit_events();
  ASSERT_EQ(events.size(), audit_before + 3);
  EXPECT_EQ(events[audit_before].action, "CreateOrganization");
  EXPECT_EQ(events[audit_before].resource, org.name());
  EXPECT_EQ(events[audit_before].actor, amina.name());
  EXPECT_EQ(events[audit_before + 2].action, "CreateRoleBinding");
}

TEST_F(IdentityDirectoryTest, KindDecidesCreatorAndAccess) {
  User amina = MakeUser("amina@example.ma");
  NewOrganization company = Startup();
  company.kind = OrganizationKind::kCompany;
  company.ice = "001525713000046";
  absl::StatusOr<CreatedOrganization> c =
      Change(&IdentityDirectory::CreateOrganization, As(amina), company);
  ASSERT_THAT(c, IsOk());
  EXPECT_TRUE(c->owner_member.has_value());
  EXPECT_FALSE(c->founder_role_binding.has_value());

  NewOrganization ministry = Startup();
  ministry.kind = OrganizationKind::kGovernmentBody;
  EXPECT_THAT(
      Change(&IdentityDirectory::CreateOrganization, As(amina), ministry),
      StatusIs(kDenied));
  Actor officer = Who(amina.name(), {{auth::Role::kPartnershipOfficer, "*"}});
  absl::StatusOr<CreatedOrganization> m =
      Change(&IdentityDirectory::CreateOrganization, officer, ministry);
  ASSERT_THAT(m, IsOk());
  EXPECT_FALSE(m->owner_member.has_value());
  EXPECT_THAT(
      Change(&IdentityDirectory::CreateOrganization, Actor{}, Startup()),
      StatusIs(kDenied));
}

TEST_F(IdentityDirectoryTest, CreateOrganizationValidatesIceRules) {
  User amina = MakeUser("amina@example.ma");
  NewOrganization sme = Startup();
  sme.kind = OrganizationKind::kSme;
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateOrganization, As(amina), sme)
                    .status()),
            "organization.ice");
  sme.ice = "001525713000046";
  ASSERT_THAT(Change(&IdentityDirectory::CreateOrganization, As(amina), sme),
              IsOk());
  EXPECT_THAT(Change(&IdentityDirectory::CreateOrganization, As(amina), sme),
              StatusIs(kExists));
  NewOrganization french = sme;
  french.country = "FR";
  EXPECT_EQ(ViolatedField(Change(&IdentityDirectory::CreateOrganization,
                                 As(amina), french)
                              .status()),
            "organization.ice");
  NewOrganization bad = Startup();
  bad.country = "XX";
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateOrganization, As(amina), bad)
                    .status()),
            "organization.country");
  bad = Startup();
  bad.website = "http://sahara.ma";
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateOrganization, As(amina), bad)
                    .status()),
            "organization.website");
  bad = Startup();
  bad.kind = OrganizationKind::kUnspecified;
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateOrganization, As(amina), bad)
                    .status()),
            "organization.kind");
}

TEST_F(IdentityDirectoryTest, OnlyManagersUpdateOrganizations) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  Organization org = MakeStartup(As(amina)).organization;
  OrganizationUpdate u;
  u.name = org.name();
  u.update_mask = {"website"};
  u.etag = org.etag();
  u.website = "https://sahara.ma";
  // Everyone signed in sees an organization: a non-manager is denied.
  EXPECT_THAT(directory_.GetOrganization(As(omar), org.name()), IsOk());
  EXPECT_THAT(Change(&IdentityDirectory::UpdateOrganization, As(omar), u),
              StatusIs(kDenied));
  absl::StatusOr<Organization> updated =
      Change(&IdentityDirectory::UpdateOrganization, As(amina), u);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->website, "https://sahara.ma");
  EXPECT_THAT(Change(&IdentityDirectory::UpdateOrganization, As(amina), u),
              StatusIs(kAborted));
  u.etag = updated->etag();
  u.update_mask = {"kind"};
  EXPECT_EQ(
      ViolatedField(Change(&IdentityDirectory::UpdateOrganization, As(amina), u)
                        .status()),
      "update_mask");
  // Moving a startup to MA-only ICE rules is checked on the result.
  u.update_mask = {"country", "ice"};
  u.country = "FR";
  u.ice = "001525713000046";
  EXPECT_EQ(
      ViolatedField(Change(&IdentityDirectory::UpdateOrganization, As(amina), u)
                        .status()),
      "organization.ice");
  // A partnership officer manages institutional kinds only.
  Actor officer = Who(omar.name(), {{auth::Role::kPartnershipOfficer, "*"}});
  u.update_mask = {"website"};
  EXPECT_THAT(Change(&IdentityDirectory::UpdateOrganization, officer, u),
              StatusIs(kDenied));
}

TEST_F(IdentityDirectoryTest, DeleteOrganizationIsSoftAndCascades) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  NewOrganization sme = Startup();
  sme.kind = OrganizationKind::kSme;
  sme.ice = "001525713000046";
  absl::StatusOr<CreatedOrganization> created =
      Change(&IdentityDirectory::CreateOrganization, As(amina), sme);
  ASSERT_THAT(created, IsOk());
  const Organization& org = created->organization;
  AddMember(As(amina), org, omar, MemberRole::kMember);
  EXPECT_THAT(Change(&IdentityDirectory::DeleteOrganization, As(omar),
                     {org.name(), ""}),
              StatusIs(kDenied));
  absl::StatusOr<Organization> deleted =
      Change(&IdentityDirectory::DeleteOrganization, As(amina),
             {org.name(), org.etag()});
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->delete_time, clock_.Now());
  // Still readable; out of lists; members and scoped bindings gone; ICE free.
  EXPECT_THAT(directory_.GetOrganization(As(omar), org.name()), IsOk());
  absl::StatusOr<aip::Page<Organization>> listed =
      directory_.ListOrganizations(As(omar), {}, {});
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->items, IsEmpty());
  OrganizationFilter with_deleted;
  with_deleted.show_deleted = true;
  listed = directory_.ListOrganizations(As(omar), with_deleted, {});
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->items, SizeIs(1));
  EXPECT_THAT(BindingsOf(amina.name()), IsEmpty());
  EXPECT_THAT(directory_.ListMembers(admin_, {org.name(), "", {}, {}}), IsOk());
  EXPECT_THAT(directory_.ListMembers(admin_, {org.name(), "", {}, {}})->items,
              IsEmpty());
  EXPECT_THAT(Change(&IdentityDirectory::CreateOrganization, As(amina), sme),
              IsOk());
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteOrganization, admin_, {org.name(), ""}),
      StatusIs(kPrecondition));
  // The founder's tokens issued before are cut.
  absl::StatusOr<User> founder = directory_.GetUser(admin_, amina.name());
  ASSERT_THAT(founder, IsOk());
  EXPECT_EQ(founder->sessions_not_before, clock_.Now());
}

// Members.

TEST_F(IdentityDirectoryTest, LastOwnerIsProtected) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  CreatedOrganization created = MakeStartup(As(amina));
  const Organization& org = created.organization;
  const Member& owner = *created.owner_member;
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteMember, As(amina), {owner.name(), ""}),
      StatusIs(kPrecondition));
  MemberUpdate demote{
      owner.name(), {"role"}, owner.etag(), "", MemberRole::kMember};
  EXPECT_THAT(Change(&IdentityDirectory::UpdateMember, As(amina), demote),
              StatusIs(kPrecondition));

  Member second = AddMember(As(amina), org, omar, MemberRole::kOwner);
  absl::StatusOr<Member> demoted =
      Change(&IdentityDirectory::UpdateMember, As(amina), demote);
  ASSERT_THAT(demoted, IsOk());
  EXPECT_EQ(demoted->role, MemberRole::kMember);
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteMember, As(omar), {second.name(), ""}),
      StatusIs(kPrecondition));
  // The demoted founder leaves: their FOUNDER binding goes with them.
  EXPECT_THAT(Change(&IdentityDirectory::DeleteMember, As(amina),
                     {owner.name(), owner.etag()}),
              StatusIs(kAborted));  // the demotion changed it
  EXPECT_THAT(Change(&IdentityDirectory::DeleteMember, As(amina),
                     {owner.name(), demoted->etag()}),
              IsOk());
  EXPECT_THAT(BindingsOf(amina.name()), IsEmpty());
}

TEST_F(IdentityDirectoryTest, MemberAccessNotFoundVersusDenied) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  User leila = MakeUser("leila@example.ma");
  User outsider = MakeUser("outsider@example.ma");
  Organization org = MakeStartup(As(amina)).organization;
  Member omar_m = AddMember(As(amina), org, omar, MemberRole::kMember);
  Member leila_m = AddMember(As(amina), org, leila, MemberRole::kMember);

  // Outsiders do not learn who belongs.
  EXPECT_THAT(directory_.GetMember(As(outsider), omar_m.name()),
              StatusIs(kNotFound));
  MemberUpdate title{omar_m.name(), {"title"}, omar_m.etag(), "CEO", {}};
  EXPECT_THAT(Change(&IdentityDirectory::UpdateMember, As(outsider), title),
              StatusIs(kNotFound));
  EXPECT_THAT(directory_.ListMembers(As(outsider), {org.name(), "", {}, {}}),
              StatusIs(kDenied));
  // Fellow members see each other but may not change each other.
  EXPECT_THAT(directory_.GetMember(As(leila), omar_m.name()), IsOk());
  EXPECT_THAT(Change(&IdentityDirectory::UpdateMember, As(leila), title),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&IdentityDirectory::CreateMember, As(leila),
                     {org.name(), outsider.name(), "", MemberRole::kMember}),
              StatusIs(kDenied));
  // A member changes their own title, not their role.
  absl::StatusOr<Member> retitled =
      Change(&IdentityDirectory::UpdateMember, As(omar), title);
  ASSERT_THAT(retitled, IsOk());
  EXPECT_EQ(retitled->title, "CEO");
  MemberUpdate promote{
      omar_m.name(), {"role"}, retitled->etag(), "", MemberRole::kOwner};
  EXPECT_THAT(Change(&IdentityDirectory::UpdateMember, As(omar), promote),
              StatusIs(kDenied));
  // A member leaves by themself.
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteMember, As(leila), {leila_m.name(), ""}),
      IsOk());
  // Memberships across organizations: the user themself only.
  EXPECT_THAT(directory_.ListMembers(As(omar),
                                     {"organizations/-", omar.name(), {}, {}}),
              IsOk());
  EXPECT_THAT(directory_.ListMembers(As(outsider),
                                     {"organizations/-", omar.name(), {}, {}}),
              StatusIs(kDenied));
  EXPECT_EQ(
      ViolatedField(
          directory_.ListMembers(As(omar), {"organizations/-", "", {}, {}})
              .status()),
      "user");
  // Adding a disabled user is a precondition failure.
  ASSERT_THAT(
      Change(&IdentityDirectory::DisableUser, admin_, {outsider.name(), ""}),
      IsOk());
  EXPECT_THAT(Change(&IdentityDirectory::CreateMember, As(amina),
                     {org.name(), outsider.name(), "", MemberRole::kMember}),
              StatusIs(kPrecondition));
  EXPECT_THAT(Change(&IdentityDirectory::CreateMember, As(amina),
                     {org.name(), omar.name(), "", MemberRole::kMember}),
              StatusIs(kExists));
}

// Role bindings.

TEST_F(IdentityDirectoryTest, RoleBindingRules) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  User outsider = MakeUser("outsider@example.ma");
  Organization org = MakeStartup(As(amina)).organization;
  AddMember(As(amina), org, omar, MemberRole::kMember);

  NewRoleBinding reviewer_on_org{omar.name(), Role::kReviewer, org.name()};
  EXPECT_EQ(ViolatedField(Change(&IdentityDirectory::CreateRoleBinding, admin_,
                                 reviewer_on_org)
                              .status()),
            "role_binding.scope");
  NewRoleBinding admin_without_mfa{omar.name(), Role::kPlatformAdmin, "*"};
  EXPECT_THAT(
      Change(&IdentityDirectory::CreateRoleBinding, admin_, admin_without_mfa),
      StatusIs(kPrecondition));
  NewRoleBinding founder{omar.name(), Role::kFounder, org.name()};
  // Only an OWNER (or an admin) grants FOUNDER, and only to a member.
  EXPECT_THAT(Change(&IdentityDirectory::CreateRoleBinding, As(omar), founder),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&IdentityDirectory::CreateRoleBinding, As(amina),
                     {outsider.name(), Role::kFounder, org.name()}),
              StatusIs(kPrecondition));
  absl::StatusOr<RoleBinding> granted =
      Change(&IdentityDirectory::CreateRoleBinding, As(amina), founder);
  ASSERT_THAT(granted, IsOk());
  EXPECT_THAT(Change(&IdentityDirectory::CreateRoleBinding, As(amina), founder),
              StatusIs(kExists));
  EXPECT_THAT(Change(&IdentityDirectory::CreateRoleBinding, As(amina),
                     {omar.name(), Role::kMentor, "*"}),
              StatusIs(kDenied));
  EXPECT_THAT(Change(&IdentityDirectory::CreateRoleBinding, admin_,
                     {omar.name(), Role::kMentor, "programs/spark-2022"}),
              IsOk());

  // Visibility: the principal and auditors see it, others do not.
  EXPECT_THAT(directory_.GetRoleBinding(As(omar), granted->name()), IsOk());
  EXPECT_THAT(directory_.GetRoleBinding(As(outsider), granted->name()),
              StatusIs(kNotFound));
  Actor auditor = Who(outsider.name(), {{auth::Role::kAuditor, "*"}});
  EXPECT_THAT(directory_.GetRoleBinding(auditor, granted->name()), IsOk());
  RoleBindingFilter scoped;
  scoped.scope = org.name();
  absl::StatusOr<aip::Page<RoleBinding>> listed =
      directory_.ListRoleBindings(As(amina), scoped, {});
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->items, SizeIs(2));
  EXPECT_THAT(directory_.ListRoleBindings(As(omar), scoped, {}),
              StatusIs(kDenied));

  // Deleting: the principal sees it but may not; the owner may; sessions end.
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteRoleBinding, As(omar), granted->name()),
      StatusIs(kDenied));
  EXPECT_THAT(Change(&IdentityDirectory::DeleteRoleBinding, As(outsider),
                     granted->name()),
              StatusIs(kNotFound));
  clock_.Advance(absl::Seconds(5));
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteRoleBinding, As(amina), granted->name()),
      IsOk());
  absl::StatusOr<User> after = directory_.GetUser(admin_, omar.name());
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->sessions_not_before, clock_.Now());
  ASSERT_THAT(fakes_.unit_of_work().revocations(), SizeIs(1));
  EXPECT_EQ(fakes_.unit_of_work().revocations()[0].value, omar.name());
}

TEST_F(IdentityDirectoryTest, LastPlatformAdminBindingIsKept) {
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    absl::StatusOr<User> admin = fakes_.users().Get(tx, admin_user_.id);
    if (!admin.ok()) return admin.status();
    admin->mfa_enabled = true;
    return fakes_.users().Update(tx, *admin).status();
  }),
              IsOk());
  // Bootstrap-style grant, then one more admin.
  absl::StatusOr<RoleBinding> first =
      Change(&IdentityDirectory::CreateRoleBinding, admin_,
             {admin_user_.name(), Role::kPlatformAdmin, "*"});
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteRoleBinding, admin_, first->name()),
      StatusIs(kPrecondition));
  User second = MakeUser("second@example.ma");
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    absl::StatusOr<User> u = fakes_.users().Get(tx, second.id);
    if (!u.ok()) return u.status();
    u->mfa_enabled = true;
    return fakes_.users().Update(tx, *u).status();
  }),
              IsOk());
  ASSERT_THAT(Change(&IdentityDirectory::CreateRoleBinding, admin_,
                     {second.name(), Role::kPlatformAdmin, "*"}),
              IsOk());
  EXPECT_THAT(
      Change(&IdentityDirectory::DeleteRoleBinding, admin_, first->name()),
      IsOk());
}

// Service accounts.

TEST_F(IdentityDirectoryTest, ServiceAccountLifecycle) {
  User amina = MakeUser("amina@example.ma");
  NewServiceAccount n{"onboarding", "Onboarding service", "", "hash-1"};
  EXPECT_THAT(Change(&IdentityDirectory::CreateServiceAccount, As(amina), n),
              StatusIs(kDenied));
  NewServiceAccount bad = n;
  bad.service_account_id = "On";
  EXPECT_EQ(ViolatedField(
                Change(&IdentityDirectory::CreateServiceAccount, admin_, bad)
                    .status()),
            "service_account_id");
  absl::StatusOr<ServiceAccount> sa =
      Change(&IdentityDirectory::CreateServiceAccount, admin_, n);
  ASSERT_THAT(sa, IsOk());
  EXPECT_FALSE(sa->client_id.empty());
  EXPECT_EQ(sa->state, ServiceAccountState::kActive);
  Actor self = Who(sa->name(), {{auth::Role::kService, "*"}});
  EXPECT_THAT(directory_.GetServiceAccount(self, sa->name()), IsOk());
  EXPECT_THAT(directory_.GetServiceAccount(As(amina), sa->name()),
              StatusIs(kNotFound));
  EXPECT_THAT(
      Change(&IdentityDirectory::DisableServiceAccount, self, {sa->name(), ""}),
      StatusIs(kDenied));

  clock_.Advance(absl::Minutes(1));
  SecretRotation rotation{sa->name(), "hash-2", absl::Hours(2), sa->etag()};
  absl::StatusOr<ServiceAccount> rotated =
      Change(&IdentityDirectory::RotateServiceAccountSecret, admin_, rotation);
  ASSERT_THAT(rotated, IsOk());
  EXPECT_EQ(rotated->secret_hash, "hash-2");
  EXPECT_EQ(rotated->previous_secret_hash, "hash-1");
  EXPECT_EQ(rotated->previous_secret_expire_time,
            clock_.Now() + absl::Hours(2));
  EXPECT_THAT(
      Change(&IdentityDirectory::RotateServiceAccountSecret, admin_, rotation),
      StatusIs(kAborted));
  rotation = {sa->name(), "hash-3", absl::ZeroDuration(), ""};
  rotated =
      Change(&IdentityDirectory::RotateServiceAccountSecret, admin_, rotation);
  ASSERT_THAT(rotated, IsOk());
  EXPECT_THAT(rotated->previous_secret_hash, IsEmpty());
  EXPECT_FALSE(rotated->previous_secret_expire_time.has_value());
  rotation.previous_secret_validity = absl::Hours(25);
  EXPECT_EQ(ViolatedField(Change(&IdentityDirectory::RotateServiceAccountSecret,
                                 admin_, rotation)
                              .status()),
            "previous_secret_validity");

  absl::StatusOr<ServiceAccount> disabled = Change(
      &IdentityDirectory::DisableServiceAccount, admin_, {sa->name(), ""});
  ASSERT_THAT(disabled, IsOk());
  EXPECT_EQ(disabled->tokens_not_before, clock_.Now());
  rotation.previous_secret_validity = absl::ZeroDuration();
  EXPECT_THAT(
      Change(&IdentityDirectory::RotateServiceAccountSecret, admin_, rotation),
      StatusIs(kPrecondition));
  EXPECT_THAT(Change(&IdentityDirectory::EnableServiceAccount, admin_,
                     {sa->name(), ""}),
              IsOk());

  ASSERT_THAT(Change(&IdentityDirectory::CreateRoleBinding, admin_,
                     {sa->name(), Role::kService, "*"}),
              IsOk());
  EXPECT_THAT(Change(&IdentityDirectory::DeleteServiceAccount, admin_,
                     {sa->name(), ""}),
              IsOk());
  EXPECT_THAT(directory_.GetServiceAccount(admin_, sa->name()),
              StatusIs(kNotFound));
  EXPECT_THAT(BindingsOf(sa->name()), IsEmpty());
  EXPECT_THAT(Change(&IdentityDirectory::CreateServiceAccount, admin_, n),
              StatusIs(kExists));
  absl::StatusOr<aip::Page<ServiceAccount>> listed =
      directory_.ListServiceAccounts(admin_, {}, {});
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->items, IsEmpty());
}

TEST_F(IdentityDirectoryTest, FailedUseCaseLeavesNoTrace) {
  User amina = MakeUser("amina@example.ma");
  const size_t audit_before = fakes_.unit_of_work().audit_events().size();
  // The caller's own next step in the same transaction fails after the
  // organization, membership and binding were written: all of it rolls back.
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) -> absl::Status {
    absl::StatusOr<CreatedOrganization> created =
        directory_.CreateOrganization(tx, As(amina), Startup());
    if (!created.ok()) return created.status();
    return absl::AbortedError("the caller's next step failed");
  }),
              StatusIs(kAborted));
  absl::StatusOr<aip::Page<Organization>> listed =
      directory_.ListOrganizations(As(amina), {}, {});
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->items, IsEmpty());
  EXPECT_THAT(BindingsOf(amina.name()), IsEmpty());
  EXPECT_EQ(fakes_.unit_of_work().audit_events().size(), audit_before);
}


// What other services read about people (BatchGetPersonCards,
// CountDemographics): SERVICE only, named users only.

TEST_F(IdentityDirectoryTest, BatchGetUsersAnswersInOrderForServicesOnly) {
  const Actor service =
      Who("serviceAccounts/onboarding", {{auth::Role::kService, "*"}});
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  ASSERT_THAT(Change(&IdentityDirectory::DeleteUser, admin_, {omar.name(), ""}),
              IsOk());

  absl::StatusOr<std::vector<User>> users = directory_.BatchGetUsers(
      service, {omar.name(), amina.name(), omar.name()});
  ASSERT_THAT(users, IsOk());
  ASSERT_THAT(*users, SizeIs(3));
  EXPECT_EQ((*users)[0].id, omar.id);
  EXPECT_EQ((*users)[0].display_name, "");  // erased
  EXPECT_EQ((*users)[0].email, "");
  EXPECT_EQ((*users)[1].email, "amina@example.ma");
  EXPECT_EQ((*users)[2].id, omar.id);

  const std::string unknown = "users/00000000-0000-4000-8000-000000000000";
  absl::Status missing =
      directory_.BatchGetUsers(service, {amina.name(), unknown}).status();
  EXPECT_THAT(missing, StatusIs(kNotFound));
  EXPECT_THAT(std::string(missing.message()), ::testing::HasSubstr(unknown));
  // Not for people: not even an administrator, nor the user themself.
  EXPECT_THAT(directory_.BatchGetUsers(admin_, {amina.name()}),
              StatusIs(kDenied));
  EXPECT_THAT(directory_.BatchGetUsers(As(amina), {amina.name()}),
              StatusIs(kDenied));
  EXPECT_EQ(ViolatedField(directory_.BatchGetUsers(service, {}).status()),
            "names");
  EXPECT_EQ(ViolatedField(directory_
                              .BatchGetUsers(service, std::vector<std::string>(
                                                          kMaxBatchUsers + 1,
                                                          amina.name()))
                              .status()),
            "names");
  EXPECT_EQ(ViolatedField(directory_
                              .BatchGetUsers(service,
                                             {amina.name(), "organizations/1"})
                              .status()),
            "names[1]");
}

TEST_F(IdentityDirectoryTest, AgeBandsSplitAtTheirBirthdays) {
  EXPECT_EQ(AgeBandAt(0, 2024), AgeBand::kUndisclosed);
  EXPECT_EQ(AgeBandAt(2000, 2024), AgeBand::kUnder25);
  EXPECT_EQ(AgeBandAt(1999, 2024), AgeBand::k25To34);
  EXPECT_EQ(AgeBandAt(1990, 2024), AgeBand::k25To34);
  EXPECT_EQ(AgeBandAt(1989, 2024), AgeBand::k35To44);
  EXPECT_EQ(AgeBandAt(1979, 2024), AgeBand::k45To54);
  EXPECT_EQ(AgeBandAt(1970, 2024), AgeBand::k45To54);
  EXPECT_EQ(AgeBandAt(1969, 2024), AgeBand::k55AndOver);
}

TEST_F(IdentityDirectoryTest, CountDemographicsCountsConsentedAttributesOnce) {
  const Actor service =
      Who("serviceAccounts/onboarding", {{auth::Role::kService, "*"}});
  auto make = [&](const std::string& email, Gender gender, int birth_year) {
    NewUser n = NewUserFor(email);
    n.demographics = DemographicsInput{gender, birth_year, true};
    absl::StatusOr<User> user =
        Change(&IdentityDirectory::CreateUser, Actor{}, n);
    EXPECT_THAT(user, IsOk());
    return user.ok() ? user->name() : "";
  };
  const std::string young_woman = make("f1@example.ma", Gender::kFemale, 2001);
  const std::string woman = make("f2@example.ma", Gender::kFemale, 1992);
  const std::string man = make("m1@example.ma", Gender::kMale, 1991);
  const std::string undisclosed = MakeUser("n1@example.ma").name();
  const std::string erased = make("e1@example.ma", Gender::kFemale, 1980);
  ASSERT_THAT(Change(&IdentityDirectory::DeleteUser, admin_, {erased, ""}),
              IsOk());

  absl::StatusOr<DemographicsCounts> counts = directory_.CountDemographics(
      service, {young_woman, woman, man, undisclosed, erased, young_woman},
      2025);
  ASSERT_THAT(counts, IsOk());
  EXPECT_EQ(counts->total, 5);  // young_woman named twice, counted once
  const std::map<std::pair<Gender, AgeBand>, int> expected = {
      {{Gender::kUnspecified, AgeBand::kUndisclosed}, 2},
      {{Gender::kFemale, AgeBand::kUnder25}, 1},
      {{Gender::kFemale, AgeBand::k25To34}, 1},
      {{Gender::kMale, AgeBand::k25To34}, 1},
  };
  EXPECT_EQ(counts->counts, expected);

  EXPECT_THAT(directory_.CountDemographics(admin_, {woman}, 2025),
              StatusIs(kDenied));
  EXPECT_EQ(ViolatedField(
                directory_.CountDemographics(service, {woman}, 1899).status()),
            "reference_year");
  EXPECT_EQ(
      ViolatedField(directory_.CountDemographics(service, {}, 2025).status()),
      "users");
  EXPECT_THAT(
      directory_.CountDemographics(
          service, {woman, "users/00000000-0000-4000-8000-000000000000"}, 2025),
      StatusIs(kNotFound));
}

TEST_F(IdentityDirectoryTest, PartnershipOfficersListAnyOrganizationsMembers) {
  User amina = MakeUser("amina@example.ma");
  const Organization org = MakeStartup(As(amina)).organization;
  const Actor officer = Who(MakeUser("officer@agency.ma").name(),
                            {{auth::Role::kPartnershipOfficer, "*"}});
  absl::StatusOr<aip::Page<Member>> members =
      directory_.ListMembers(officer, {org.name(), "", {}, {}});
  ASSERT_THAT(members, IsOk());
  ASSERT_THAT(members->items, SizeIs(1));
  EXPECT_EQ(members->items[0].user_id, amina.id);
  // Scoped elsewhere, the role does not open this organization.
  const Actor scoped = Who(MakeUser("scoped@agency.ma").name(),
                           {{auth::Role::kPartnershipOfficer,
                             "organizations/other"}});
  EXPECT_THAT(directory_.ListMembers(scoped, {org.name(), "", {}, {}}),
              StatusIs(kDenied));
}


// Events told to the other services (events.proto), in the change's
// transaction.

TEST_F(IdentityDirectoryTest, UserStateChangesAreToldToOtherServices) {
  User amina = MakeUser("amina@example.ma");
  const Organization org = MakeStartup(As(amina)).organization;
  const size_t before = fakes_.unit_of_work().events().size();
  ASSERT_THAT(Change(&IdentityDirectory::DisableUser, admin_, {amina.name(), ""}),
              IsOk());
  ASSERT_THAT(Change(&IdentityDirectory::EnableUser, admin_, {amina.name(), ""}),
              IsOk());
  const std::vector<RoleBinding> bindings = BindingsOf(amina.name());
  ASSERT_THAT(bindings, SizeIs(1));  // FOUNDER of the startup
  ASSERT_THAT(Change(&IdentityDirectory::DeleteUser, admin_, {amina.name(), ""}),
              IsOk());
  const std::vector<IdentityEvent> events = fakes_.unit_of_work().events();
  const std::vector<IdentityEvent> expected = {
      UserStateChanged{amina.id, UserState::kDisabled},
      UserStateChanged{amina.id, UserState::kActive},
      MemberRemoved{org.id, amina.id},
      RoleBindingDeleted{bindings[0]},
      UserStateChanged{amina.id, UserState::kErased},
  };
  EXPECT_EQ(std::vector<IdentityEvent>(events.begin() + before, events.end()),
            expected);
}

TEST_F(IdentityDirectoryTest, RemovedMembersAndBindingsAreTold) {
  User amina = MakeUser("amina@example.ma");
  User omar = MakeUser("omar@example.ma");
  const Organization org = MakeStartup(As(amina)).organization;
  const Member omar_m = AddMember(As(amina), org, omar, MemberRole::kMember);
  const RoleBinding founder = BindingsOf(amina.name())[0];
  size_t before = fakes_.unit_of_work().events().size();
  ASSERT_THAT(
      Change(&IdentityDirectory::DeleteMember, As(omar), {omar_m.name(), ""}),
      IsOk());
  std::vector<IdentityEvent> events = fakes_.unit_of_work().events();
  const std::vector<IdentityEvent> left = {MemberRemoved{org.id, omar.id}};
  EXPECT_EQ(std::vector<IdentityEvent>(events.begin() + before, events.end()),
            left);

  before = events.size();
  ASSERT_THAT(Change(&IdentityDirectory::DeleteOrganization, As(amina),
                     {org.name(), ""}),
              IsOk());
  events = fakes_.unit_of_work().events();
  const std::vector<IdentityEvent> expected = {
      MemberRemoved{org.id, amina.id}, RoleBindingDeleted{founder}};
  EXPECT_EQ(std::vector<IdentityEvent>(events.begin() + before, events.end()),
            expected);
}

TEST_F(IdentityDirectoryTest, ARefusedChangeTellsNothing) {
  User amina = MakeUser("amina@example.ma");
  const size_t before = fakes_.unit_of_work().events().size();
  // Enabling an active user is refused after nothing was written.
  EXPECT_THAT(Change(&IdentityDirectory::EnableUser, admin_, {amina.name(), ""}),
              StatusIs(kPrecondition));
  // Disabling oneself is refused.
  EXPECT_THAT(
      Change(&IdentityDirectory::DisableUser, admin_, {admin_user_.name(), ""}),
      StatusIs(kPrecondition));
  EXPECT_EQ(fakes_.unit_of_work().events().size(), before);
}

}  // namespace
}  // namespace masar::identity

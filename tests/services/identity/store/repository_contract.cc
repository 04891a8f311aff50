#include "tests/services/identity/store/repository_contract.h"

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/ids/ids.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::identity::contract {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::Time kT0 = absl::FromUnixMicros(1700000000123456);

absl::Time At(int step) { return kT0 + absl::Seconds(step); }

// Runs `f(tx)` in one transaction and returns its value.
template <typename T, typename F>
absl::StatusOr<T> InTx(Backend& b, F f) {
  std::optional<T> out;
  absl::Status status = b.unit_of_work->Run([&](Transaction& tx) {
    absl::StatusOr<T> r = f(tx);
    if (!r.ok()) return r.status();
    out = *std::move(r);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(out);
}

template <typename F>
absl::Status Run(Backend& b, F f) {
  return b.unit_of_work->Run([&](Transaction& tx) { return f(tx); });
}

User MakeUser(absl::string_view email, int step) {
  User u;
  u.id = NewUuid();
  u.display_name = "Amina Benali";
  u.email = std::string(email);
  u.preferred_language = Language::kFr;
  u.state = UserState::kActive;
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  u.create_time = At(step);
  u.update_time = At(step);
  u.version = 1;
  return u;
}

Organization MakeOrganization(absl::string_view ice, int step) {
  Organization o;
  o.id = NewUuid();
  o.display_name = {"شركة", "Société Atlas", "Atlas Company"};
  o.kind = OrganizationKind::kSme;
  o.country = "MA";
  o.ice = std::string(ice);
  o.website = "https://atlas.ma";
  o.create_time = At(step);
  o.update_time = At(step);
  o.version = 1;
  return o;
}

Member MakeMember(const std::string& org, const std::string& user,
                  MemberRole role, int step) {
  Member m;
  m.organization_id = org;
  m.user_id = user;
  m.title = "CTO";
  m.role = role;
  m.create_time = At(step);
  m.update_time = At(step);
  m.version = 1;
  return m;
}

RoleBinding MakeBinding(const std::string& principal, Role role,
                        const std::string& scope, int step) {
  RoleBinding r;
  r.id = NewUuid();
  r.principal = principal;
  r.role = role;
  r.scope = scope;
  r.creator = "system";
  r.create_time = At(step);
  return r;
}

absl::Status CreateUser(Backend& b, const User& u) {
  return Run(b, [&](Transaction& tx) { return b.users->Create(tx, u); });
}

absl::StatusOr<User> GetUser(Backend& b, const std::string& id) {
  return InTx<User>(b, [&](Transaction& tx) { return b.users->Get(tx, id); });
}

std::vector<std::string> Ids(const std::vector<User>& users) {
  std::vector<std::string> ids;
  for (const User& u : users) ids.push_back(u.id);
  return ids;
}

}  // namespace

void UserRoundTrip(Backend& b) {
  User u = MakeUser("amina@example.ma", 0);
  u.phone = "+212612345678";
  u.national_id_ciphertext = std::string("\x00\x01\xff secret", 10);
  u.national_id_masked = "AB****56";
  u.demographics = Demographics{Gender::kFemale, 1994, At(0)};
  u.mfa_enabled = true;
  u.totp_secret_ciphertext = std::string("\x10\x00totp", 6);
  u.pending_totp_secret_ciphertext = "pending";
  u.pending_totp_expire_time = At(600);
  u.totp_last_step = 56666666;
  u.sessions_not_before = At(1);
  ASSERT_THAT(CreateUser(b, u), IsOk());
  EXPECT_THAT(GetUser(b, u.id), ::masar::testing::IsOkAndHolds(u));

  User plain = MakeUser("omar@example.ma", 1);
  ASSERT_THAT(CreateUser(b, plain), IsOk());
  EXPECT_THAT(GetUser(b, plain.id), ::masar::testing::IsOkAndHolds(plain));
  EXPECT_THAT(GetUser(b, NewUuid()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      InTx<bool>(b, [&](Transaction& tx) { return b.users->Empty(tx); }),
      ::masar::testing::IsOkAndHolds(false));

  // A batch read skips absent ids; more ids than one statement takes (the
  // SQL adapter reads in slices) still finds both users.
  std::vector<std::string> ids = {plain.id, NewUuid(), u.id};
  while (ids.size() < 1200) ids.push_back(NewUuid());
  std::swap(ids[2], ids[1100]);
  absl::StatusOr<std::vector<User>> many = InTx<std::vector<User>>(
      b, [&](Transaction& tx) { return b.users->GetMany(tx, ids); });
  ASSERT_THAT(many, IsOk());
  EXPECT_THAT(*many, ::testing::UnorderedElementsAre(u, plain));
}

void UserEmailUniqueCaseInsensitive(Backend& b) {
  EXPECT_THAT(
      InTx<bool>(b, [&](Transaction& tx) { return b.users->Empty(tx); }),
      ::masar::testing::IsOkAndHolds(true));
  User a = MakeUser("Amina@Example.MA", 0);
  ASSERT_THAT(CreateUser(b, a), IsOk());
  EXPECT_THAT(CreateUser(b, MakeUser("amina@example.ma", 1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  absl::StatusOr<std::optional<User>> found =
      InTx<std::optional<User>>(b, [&](Transaction& tx) {
        return b.users->FindByEmail(tx, "AMINA@example.ma");
      });
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, a.id);
  EXPECT_EQ((*found)->email, "Amina@Example.MA");  // stored as given

  // Erasure clears the email, which frees it for someone else.
  User erased = a;
  erased.email.clear();
  erased.state = UserState::kErased;
  ASSERT_THAT(
      InTx<User>(b,
                 [&](Transaction& tx) { return b.users->Update(tx, erased); }),
      IsOk());
  EXPECT_THAT(CreateUser(b, MakeUser("amina@example.ma", 2)), IsOk());
  // Several erased users may coexist without an email.
  User other = MakeUser("other@example.ma", 3);
  ASSERT_THAT(CreateUser(b, other), IsOk());
  other.email.clear();
  EXPECT_THAT(
      InTx<User>(b,
                 [&](Transaction& tx) { return b.users->Update(tx, other); }),
      IsOk());
}

void UserCompareAndSet(Backend& b) {
  User u = MakeUser("amina@example.ma", 0);
  ASSERT_THAT(CreateUser(b, u), IsOk());
  ASSERT_THAT(CreateUser(b, MakeUser("taken@example.ma", 1)), IsOk());

  User change = u;
  change.display_name = "Amina B.";
  absl::StatusOr<User> updated = InTx<User>(
      b, [&](Transaction& tx) { return b.users->Update(tx, change); });
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->version, 2);
  EXPECT_NE(updated->etag(), u.etag());
  EXPECT_THAT(GetUser(b, u.id), ::masar::testing::IsOkAndHolds(*updated));

  // The same version again is stale.
  EXPECT_THAT(
      InTx<User>(b,
                 [&](Transaction& tx) { return b.users->Update(tx, change); }),
      StatusIs(absl::StatusCode::kAborted));
  User missing = MakeUser("nobody@example.ma", 2);
  EXPECT_THAT(
      InTx<User>(b,
                 [&](Transaction& tx) { return b.users->Update(tx, missing); }),
      StatusIs(absl::StatusCode::kNotFound));
  User steal = *updated;
  steal.email = "TAKEN@example.ma";
  EXPECT_THAT(
      InTx<User>(b,
                 [&](Transaction& tx) { return b.users->Update(tx, steal); }),
      StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(GetUser(b, u.id), ::masar::testing::IsOkAndHolds(*updated));
}

void UserNationalIdLookupIsUniqueAndFiltered(Backend& b) {
  User amina = MakeUser("amina@example.ma", 0);
  amina.national_id_lookup = std::string(64, 'a');
  ASSERT_THAT(CreateUser(b, amina), IsOk());
  User badr = MakeUser("badr@example.ma", 1);
  ASSERT_THAT(CreateUser(b, badr), IsOk());
  User copy = MakeUser("copy@example.ma", 2);
  copy.national_id_lookup = amina.national_id_lookup;
  absl::Status taken = CreateUser(b, copy);
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(std::string(taken.message()), HasSubstr("national identifier"));
  badr.national_id_lookup = amina.national_id_lookup;
  absl::Status stolen = Run(b, [&](Transaction& tx) {
    return b.users->Update(tx, badr).status();
  });
  EXPECT_THAT(stolen, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(std::string(stolen.message()), HasSubstr("national identifier"));

  UserFilter by_lookup;
  by_lookup.national_id_lookups = {std::string(64, 'b'),
                                   amina.national_id_lookup};
  absl::StatusOr<aip::ListResult<User>> found =
      InTx<aip::ListResult<User>>(b, [&](Transaction& tx) {
        return b.users->List(tx, by_lookup, aip::PageQuery{});
      });
  ASSERT_THAT(found, IsOk());
  EXPECT_THAT(Ids(found->items), ElementsAre(amina.id));
  EXPECT_EQ(found->items[0].national_id_lookup, amina.national_id_lookup);
}

void UserConcurrentUpdatesSameEtagOneWins(Backend& b) {
  User u = MakeUser("amina@example.ma", 0);
  ASSERT_THAT(CreateUser(b, u), IsOk());
  constexpr int kWriters = 8;
  std::atomic<int> ok{0}, aborted{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      User change = u;  // every writer read version 1
      change.display_name = absl::StrCat("Writer ", i);
      absl::StatusOr<User> r = InTx<User>(
          b, [&](Transaction& tx) { return b.users->Update(tx, change); });
      if (r.ok()) {
        ++ok;
      } else if (absl::IsAborted(r.status())) {
        ++aborted;
      } else {
        ++other;
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), kWriters - 1);
  EXPECT_EQ(other.load(), 0);
  absl::StatusOr<User> stored = GetUser(b, u.id);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->version, 2);
}

void UserConcurrentCreatesSameEmailOneWins(Backend& b) {
  constexpr int kCreators = 8;
  std::atomic<int> ok{0}, exists{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCreators; ++i) {
    threads.emplace_back([&, i] {
      User u = MakeUser(i % 2 == 0 ? "Same@Example.ma" : "same@example.MA", i);
      absl::Status s = CreateUser(b, u);
      if (s.ok()) {
        ++ok;
      } else if (absl::IsAlreadyExists(s)) {
        ++exists;
      } else {
        ADD_FAILURE() << s;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(exists.load(), kCreators - 1);
  absl::StatusOr<aip::ListResult<User>> all =
      InTx<aip::ListResult<User>>(b, [&](Transaction& tx) {
        return b.users->List(tx, UserFilter{}, aip::PageQuery{});
      });
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->items.size(), 1u);
}

void UserListPagesAndFilters(Backend& b) {
  std::vector<User> users;
  for (int i = 0; i < 5; ++i) {
    users.push_back(MakeUser(absl::StrCat("user", i, "@example.ma"), i));
  }
  users[3].state = UserState::kDisabled;
  // Inserted out of order: lists order by create time.
  for (int i : {4, 2, 0, 1, 3}) ASSERT_THAT(CreateUser(b, users[i]), IsOk());
  std::vector<std::string> seen;
  aip::PageQuery page;
  page.limit = 2;
  for (int round = 0; round < 5; ++round) {
    absl::StatusOr<aip::ListResult<User>> r = InTx<aip::ListResult<User>>(
        b,
        [&](Transaction& tx) { return b.users->List(tx, UserFilter{}, page); });
    ASSERT_THAT(r, IsOk());
    for (const User& u : r->items) seen.push_back(u.id);
    if (!r->more) break;
    page.after = aip::PageCursor{r->items.back().create_time, r->items.back().id};
  }
  EXPECT_EQ(seen, Ids(users));

  UserFilter disabled;
  disabled.state = UserState::kDisabled;
  absl::StatusOr<aip::ListResult<User>> r =
      InTx<aip::ListResult<User>>(b, [&](Transaction& tx) {
        return b.users->List(tx, disabled, aip::PageQuery{});
      });
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Ids(r->items), ElementsAre(users[3].id));
  EXPECT_FALSE(r->more);

  UserFilter by_email;
  by_email.email = "USER2@example.ma";
  r = InTx<aip::ListResult<User>>(b, [&](Transaction& tx) {
    return b.users->List(tx, by_email, aip::PageQuery{});
  });
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(Ids(r->items), ElementsAre(users[2].id));
}

void RollbackLeavesNothingHalfWritten(Backend& b) {
  const int64_t audit_before = b.audit_count();
  User u = MakeUser("amina@example.ma", 0);
  Organization o = MakeOrganization("001525713000046", 0);
  Member m = MakeMember(o.id, u.id, MemberRole::kOwner, 0);
  RoleBinding r = MakeBinding(u.name(), Role::kFounder, o.name(), 0);
  absl::Status status = Run(b, [&](Transaction& tx) -> absl::Status {
    if (absl::Status s = b.users->Create(tx, u); !s.ok()) return s;
    if (absl::Status s = b.organizations->Create(tx, o); !s.ok()) return s;
    if (absl::Status s = b.members->Create(tx, m); !s.ok()) return s;
    if (absl::Status s = b.role_bindings->Create(tx, r); !s.ok()) return s;
    AuditEvent event{"users/x", "CreateOrganization", o.name(), "", "00"};
    if (absl::Status s = b.audit->Append(tx, event); !s.ok()) return s;
    return absl::FailedPreconditionError("a later rule fails");
  });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(GetUser(b, u.id), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      InTx<Organization>(
          b, [&](Transaction& tx) { return b.organizations->Get(tx, o.id); }),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      InTx<Member>(
          b, [&](Transaction& tx) { return b.members->Get(tx, o.id, u.id); }),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      InTx<RoleBinding>(
          b, [&](Transaction& tx) { return b.role_bindings->Get(tx, r.id); }),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(b.audit_count(), audit_before);
  // The email and ICE stay free.
  EXPECT_THAT(CreateUser(b, MakeUser("amina@example.ma", 1)), IsOk());
  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.organizations->Create(
                        tx, MakeOrganization("001525713000046", 1));
                  }),
              IsOk());
}

void OrganizationRoundTripAndIceUniqueAmongLive(Backend& b) {
  Organization a = MakeOrganization("001525713000046", 0);
  ASSERT_THAT(
      Run(b, [&](Transaction& tx) { return b.organizations->Create(tx, a); }),
      IsOk());
  EXPECT_THAT(
      InTx<Organization>(
          b, [&](Transaction& tx) { return b.organizations->Get(tx, a.id); }),
      ::masar::testing::IsOkAndHolds(a));
  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.organizations->Create(
                        tx, MakeOrganization("001525713000046", 1));
                  }),
              StatusIs(absl::StatusCode::kAlreadyExists));
  // Organizations without an ICE do not collide.
  for (int i = 0; i < 2; ++i) {
    Organization startup = MakeOrganization("", 2 + i);
    startup.kind = OrganizationKind::kStartup;
    EXPECT_THAT(Run(b,
                    [&](Transaction& tx) {
                      return b.organizations->Create(tx, startup);
                    }),
                IsOk());
  }
  absl::StatusOr<std::optional<Organization>> live =
      InTx<std::optional<Organization>>(b, [&](Transaction& tx) {
        return b.organizations->FindLiveByIce(tx, "001525713000046");
      });
  ASSERT_THAT(live, IsOk());
  ASSERT_TRUE(live->has_value());
  EXPECT_EQ((*live)->id, a.id);

  // The soft delete frees the ICE.
  Organization deleted = a;
  deleted.delete_time = At(5);
  absl::StatusOr<Organization> after = InTx<Organization>(
      b, [&](Transaction& tx) { return b.organizations->Update(tx, deleted); });
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->version, 2);
  EXPECT_THAT(InTx<Organization>(b,
                                 [&](Transaction& tx) {
                                   return b.organizations->Update(tx, deleted);
                                 }),
              StatusIs(absl::StatusCode::kAborted));
  Organization successor = MakeOrganization("001525713000046", 6);
  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.organizations->Create(tx, successor);
                  }),
              IsOk());
  live = InTx<std::optional<Organization>>(b, [&](Transaction& tx) {
    return b.organizations->FindLiveByIce(tx, "001525713000046");
  });
  ASSERT_THAT(live, IsOk());
  ASSERT_TRUE(live->has_value());
  EXPECT_EQ((*live)->id, successor.id);
  // Taking a live ICE by update is refused.
  Organization other = MakeOrganization("002222222000011", 7);
  ASSERT_THAT(
      Run(b,
          [&](Transaction& tx) { return b.organizations->Create(tx, other); }),
      IsOk());
  other.ice = "001525713000046";
  EXPECT_THAT(InTx<Organization>(b,
                                 [&](Transaction& tx) {
                                   return b.organizations->Update(tx, other);
                                 }),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

void OrganizationListFilters(Backend& b) {
  Organization sme = MakeOrganization("001525713000046", 0);
  Organization startup = MakeOrganization("", 1);
  startup.kind = OrganizationKind::kStartup;
  startup.display_name = {"", "100% Tech_Maroc", "Sahara Labs"};
  Organization french = MakeOrganization("", 2);
  french.kind = OrganizationKind::kCompany;
  french.country = "FR";
  french.display_name = {"", "Nuage SAS", ""};
  Organization gone = MakeOrganization("", 3);
  gone.kind = OrganizationKind::kStartup;
  gone.display_name = {"", "", "Sahara Gone"};
  gone.delete_time = At(4);
  for (const Organization* o : {&sme, &startup, &french, &gone}) {
    ASSERT_THAT(
        Run(b,
            [&](Transaction& tx) { return b.organizations->Create(tx, *o); }),
        IsOk());
  }
  auto list = [&](const OrganizationFilter& f) {
    std::vector<std::string> ids;
    absl::StatusOr<aip::ListResult<Organization>> r =
        InTx<aip::ListResult<Organization>>(b, [&](Transaction& tx) {
          return b.organizations->List(tx, f, aip::PageQuery{});
        });
    EXPECT_THAT(r, IsOk());
    if (r.ok()) {
      for (const Organization& o : r->items) ids.push_back(o.id);
    }
    return ids;
  };
  EXPECT_THAT(list({}), ElementsAre(sme.id, startup.id, french.id));
  OrganizationFilter f;
  f.show_deleted = true;
  EXPECT_THAT(list(f), ElementsAre(sme.id, startup.id, french.id, gone.id));
  f = {};
  f.kind = OrganizationKind::kStartup;
  EXPECT_THAT(list(f), ElementsAre(startup.id));
  f = {};
  f.country = "FR";
  EXPECT_THAT(list(f), ElementsAre(french.id));
  f = {};
  f.ice = "001525713000046";
  EXPECT_THAT(list(f), ElementsAre(sme.id));
  f = {};
  f.display_name_query = "SAHARA";  // any language, case-insensitive
  EXPECT_THAT(list(f), ElementsAre(startup.id));
  f.show_deleted = true;
  EXPECT_THAT(list(f), ElementsAre(startup.id, gone.id));
  f = {};
  f.display_name_query = "0% t";  // wildcards are literal
  EXPECT_THAT(list(f), ElementsAre(startup.id));
  f.display_name_query = "h_m";
  EXPECT_THAT(list(f), ElementsAre(startup.id));
  f.display_name_query = "hxm";
  EXPECT_THAT(list(f), IsEmpty());
}

void MemberLifecycle(Backend& b) {
  const std::string org = NewUuid();
  const std::string u1 = NewUuid();
  const std::string u2 = NewUuid();
  Member owner = MakeMember(org, u1, MemberRole::kOwner, 0);
  ASSERT_THAT(
      Run(b, [&](Transaction& tx) { return b.members->Create(tx, owner); }),
      IsOk());
  EXPECT_THAT(
      Run(b, [&](Transaction& tx) { return b.members->Create(tx, owner); }),
      StatusIs(absl::StatusCode::kAlreadyExists));
  Member plain = MakeMember(org, u2, MemberRole::kMember, 1);
  ASSERT_THAT(
      Run(b, [&](Transaction& tx) { return b.members->Create(tx, plain); }),
      IsOk());
  EXPECT_THAT(
      InTx<Member>(
          b, [&](Transaction& tx) { return b.members->Get(tx, org, u1); }),
      ::masar::testing::IsOkAndHolds(owner));
  auto owners = [&] {
    return InTx<int64_t>(
        b, [&](Transaction& tx) { return b.members->CountOwners(tx, org); });
  };
  EXPECT_THAT(owners(), ::masar::testing::IsOkAndHolds(1));
  Member promoted = plain;
  promoted.role = MemberRole::kOwner;
  absl::StatusOr<Member> updated = InTx<Member>(
      b, [&](Transaction& tx) { return b.members->Update(tx, promoted); });
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->version, 2);
  EXPECT_THAT(owners(), ::masar::testing::IsOkAndHolds(2));
  EXPECT_THAT(
      InTx<Member>(
          b, [&](Transaction& tx) { return b.members->Update(tx, promoted); }),
      StatusIs(absl::StatusCode::kAborted));
  // Delete checks the version too.
  EXPECT_THAT(
      Run(b, [&](Transaction& tx) { return b.members->Delete(tx, plain); }),
      StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(
      Run(b, [&](Transaction& tx) { return b.members->Delete(tx, *updated); }),
      IsOk());
  EXPECT_THAT(
      Run(b, [&](Transaction& tx) { return b.members->Delete(tx, *updated); }),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(owners(), ::masar::testing::IsOkAndHolds(1));
}

void MemberListsByOrganizationAndUser(Backend& b) {
  const std::string org_a = NewUuid();
  const std::string org_b = NewUuid();
  std::vector<std::string> users = {NewUuid(), NewUuid(), NewUuid()};
  std::vector<Member> in_a;
  for (int i = 0; i < 3; ++i) {
    in_a.push_back(MakeMember(
        org_a, users[i], i == 0 ? MemberRole::kOwner : MemberRole::kMember, i));
  }
  Member in_b = MakeMember(org_b, users[0], MemberRole::kMember, 5);
  for (const Member& m : {in_a[2], in_a[0], in_b, in_a[1]}) {
    ASSERT_THAT(
        Run(b, [&](Transaction& tx) { return b.members->Create(tx, m); }),
        IsOk());
  }
  auto list = [&](const MemberFilter& f, aip::PageQuery page) {
    std::vector<std::string> names;
    for (int round = 0; round < 10; ++round) {
      absl::StatusOr<aip::ListResult<Member>> r = InTx<aip::ListResult<Member>>(
          b, [&](Transaction& tx) { return b.members->List(tx, f, page); });
      EXPECT_THAT(r, IsOk());
      if (!r.ok()) break;
      for (const Member& m : r->items) names.push_back(m.name());
      if (!r->more) break;
      page.after = aip::PageCursor{r->items.back().create_time,
                              MemberCursorKey(r->items.back())};
    }
    return names;
  };
  aip::PageQuery small;
  small.limit = 1;
  MemberFilter f;
  f.organization_id = org_a;
  EXPECT_THAT(list(f, small),
              ElementsAre(in_a[0].name(), in_a[1].name(), in_a[2].name()));
  f = {};
  f.user_id = users[0];
  EXPECT_THAT(list(f, small), ElementsAre(in_a[0].name(), in_b.name()));
  f = {};
  f.organization_id = org_a;
  f.role = MemberRole::kOwner;
  EXPECT_THAT(list(f, aip::PageQuery{}), ElementsAre(in_a[0].name()));

  // Bulk deletes answer the memberships as they were.
  auto names = [](const absl::StatusOr<std::vector<Member>>& members) {
    std::vector<std::string> out;
    if (members.ok()) {
      for (const Member& m : *members) out.push_back(m.name());
    }
    return out;
  };
  absl::StatusOr<std::vector<Member>> of_user =
      InTx<std::vector<Member>>(b, [&](Transaction& tx) {
        return b.members->DeleteAllOfUser(tx, users[0]);
      });
  ASSERT_THAT(of_user, IsOk());
  EXPECT_THAT(names(of_user),
              ::testing::UnorderedElementsAre(in_a[0].name(), in_b.name()));
  absl::StatusOr<std::vector<Member>> of_org =
      InTx<std::vector<Member>>(b, [&](Transaction& tx) {
        return b.members->DeleteAllOfOrganization(tx, org_a);
      });
  ASSERT_THAT(of_org, IsOk());
  EXPECT_THAT(names(of_org),
              ::testing::UnorderedElementsAre(in_a[1].name(), in_a[2].name()));
  ASSERT_EQ(of_org->size(), 2u);
  EXPECT_EQ((*of_org)[0].organization_id, org_a);
  EXPECT_THAT(list(MemberFilter{}, aip::PageQuery{}), IsEmpty());
}

void RoleBindingUniqueAndFilters(Backend& b) {
  const std::string alice = absl::StrCat("users/", NewUuid());
  const std::string bob = absl::StrCat("users/", NewUuid());
  const std::string org = absl::StrCat("organizations/", NewUuid());
  RoleBinding admin = MakeBinding(alice, Role::kPlatformAdmin, "*", 0);
  RoleBinding founder = MakeBinding(alice, Role::kFounder, org, 1);
  RoleBinding bob_founder = MakeBinding(bob, Role::kFounder, org, 2);
  RoleBinding reviewer = MakeBinding(bob, Role::kReviewer, "programs/p1", 3);
  for (const RoleBinding& r : {admin, founder, bob_founder, reviewer}) {
    ASSERT_THAT(
        Run(b, [&](Transaction& tx) { return b.role_bindings->Create(tx, r); }),
        IsOk());
  }
  RoleBinding again = MakeBinding(alice, Role::kFounder, org, 4);
  EXPECT_THAT(
      Run(b,
          [&](Transaction& tx) { return b.role_bindings->Create(tx, again); }),
      StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(InTx<RoleBinding>(b,
                                [&](Transaction& tx) {
                                  return b.role_bindings->Get(tx, founder.id);
                                }),
              ::masar::testing::IsOkAndHolds(founder));
  auto find = [&](const RoleBindingFilter& f) {
    std::vector<std::string> ids;
    absl::StatusOr<std::vector<RoleBinding>> r = InTx<std::vector<RoleBinding>>(
        b, [&](Transaction& tx) { return b.role_bindings->FindAll(tx, f); });
    EXPECT_THAT(r, IsOk());
    if (r.ok()) {
      for (const RoleBinding& x : *r) ids.push_back(x.id);
    }
    return ids;
  };
  EXPECT_THAT(find({alice, Role::kUnspecified, ""}),
              ElementsAre(admin.id, founder.id));
  EXPECT_THAT(find({"", Role::kFounder, ""}),
              ElementsAre(founder.id, bob_founder.id));
  EXPECT_THAT(find({"", Role::kUnspecified, org}),
              ElementsAre(founder.id, bob_founder.id));
  aip::PageQuery page;
  page.limit = 3;
  absl::StatusOr<aip::ListResult<RoleBinding>> first =
      InTx<aip::ListResult<RoleBinding>>(b, [&](Transaction& tx) {
        return b.role_bindings->List(tx, RoleBindingFilter{}, page);
      });
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->items.size(), 3u);
  EXPECT_TRUE(first->more);

  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.role_bindings->Delete(tx, admin.id);
                  }),
              IsOk());
  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.role_bindings->Delete(tx, admin.id);
                  }),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      InTx<int64_t>(b,
                    [&](Transaction& tx) {
                      return b.role_bindings->DeleteAll(
                          tx, RoleBindingFilter{"", Role::kUnspecified, org});
                    }),
      ::masar::testing::IsOkAndHolds(2));
  EXPECT_THAT(find({}), ElementsAre(reviewer.id));
  EXPECT_THAT(InTx<int64_t>(b,
                            [&](Transaction& tx) {
                              return b.role_bindings->DeleteAll(
                                  tx, RoleBindingFilter{});
                            }),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

void ServiceAccountLifecycle(Backend& b) {
  ServiceAccount a;
  a.id = "onboarding";
  a.display_name = "Onboarding service";
  a.client_id = NewUuid();
  a.secret_hash = "hash-1";
  a.secret_create_time = At(0);
  a.create_time = At(0);
  a.update_time = At(0);
  a.version = 1;
  ASSERT_THAT(
      Run(b,
          [&](Transaction& tx) { return b.service_accounts->Create(tx, a); }),
      IsOk());
  ServiceAccount twin = a;
  twin.client_id = NewUuid();
  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.service_accounts->Create(tx, twin);
                  }),
              StatusIs(absl::StatusCode::kAlreadyExists));
  absl::StatusOr<std::optional<ServiceAccount>> by_client =
      InTx<std::optional<ServiceAccount>>(b, [&](Transaction& tx) {
        return b.service_accounts->FindByClientId(tx, a.client_id);
      });
  ASSERT_THAT(by_client, IsOk());
  ASSERT_TRUE(by_client->has_value());
  EXPECT_EQ(**by_client, a);

  ServiceAccount rotated = a;
  rotated.previous_secret_hash = a.secret_hash;
  rotated.previous_secret_expire_time = At(3600);
  rotated.secret_hash = "hash-2";
  rotated.secret_create_time = At(1);
  absl::StatusOr<ServiceAccount> after = InTx<ServiceAccount>(
      b,
      [&](Transaction& tx) { return b.service_accounts->Update(tx, rotated); });
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT(InTx<ServiceAccount>(b,
                                   [&](Transaction& tx) {
                                     return b.service_accounts->Get(
                                         tx, "onboarding");
                                   }),
              ::masar::testing::IsOkAndHolds(*after));
  EXPECT_THAT(InTx<ServiceAccount>(b,
                                   [&](Transaction& tx) {
                                     return b.service_accounts->Update(tx,
                                                                       rotated);
                                   }),
              StatusIs(absl::StatusCode::kAborted));

  ServiceAccount deleted = *after;
  deleted.delete_time = At(2);
  deleted.secret_hash.clear();
  deleted.previous_secret_hash.clear();
  ASSERT_THAT(InTx<ServiceAccount>(b,
                                   [&](Transaction& tx) {
                                     return b.service_accounts->Update(tx,
                                                                       deleted);
                                   }),
              IsOk());
  absl::StatusOr<aip::ListResult<ServiceAccount>> listed =
      InTx<aip::ListResult<ServiceAccount>>(b, [&](Transaction& tx) {
        return b.service_accounts->List(tx, ServiceAccountFilter{},
                                        aip::PageQuery{});
      });
  ASSERT_THAT(listed, IsOk());
  EXPECT_THAT(listed->items, IsEmpty());
  // The id stays reserved.
  ServiceAccount reuse = a;
  reuse.client_id = NewUuid();
  EXPECT_THAT(Run(b,
                  [&](Transaction& tx) {
                    return b.service_accounts->Create(tx, reuse);
                  }),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

}  // namespace masar::identity::contract

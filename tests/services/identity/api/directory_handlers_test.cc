// DirectoryHandlers through a real in-process server, on SQLite and
// PostgreSQL, with tokens signed by a generated key.
#include "services/identity/api/directory_handlers.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/audit/audit_log.h"
#include "common/auth/authenticator.h"
#include "common/auth/jwks.h"
#include "common/auth/policy_table.h"
#include "common/auth/revocation_list.h"
#include "common/auth/revocation_store.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/forward.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/server.h"
#include "common/idempotency/idempotency.h"
#include "common/ids/ids.h"
#include "common/log/logger.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/migrations.h"
#include "common/status/status_macros.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/identity_policy.h"
#include "services/identity/credentials/client_secret.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/store/identity_store_migrations.h"
#include "common/audit/sql_audit_trail.h"
#include "services/identity/store/sql_member_repository.h"
#include "services/identity/store/sql_organization_repository.h"
#include "services/identity/store/sql_role_binding_repository.h"
#include "services/identity/store/sql_service_account_repository.h"
#include "services/identity/store/sql_identity_store.h"
#include "services/identity/store/sql_revocation_log.h"
#include "services/identity/store/sql_session_store.h"
#include "services/identity/store/sql_user_repository.h"
#include "tests/testing/grpc_probe.h"
#include "tests/testing/sql/test_database.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kIssuer[] = "masar-identity";
constexpr char kAudience[] = "masar";

// Hosts DirectoryHandlers alone: the token handlers are another module.
class DirectoryOnlyService final
    : public HostedService,
      private v1::IdentityService::CallbackService {
 public:
  explicit DirectoryOnlyService(DirectoryHandlers* handlers)
      : handlers_(handlers) {}
  absl::string_view service_name() const override {
    return v1::IdentityService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

 private:
  MASAR_GRPC_FORWARD(v1, GetUser, handlers_)
  MASAR_GRPC_FORWARD(v1, ListUsers, handlers_)
  MASAR_GRPC_FORWARD(v1, BatchGetPersonCards, handlers_)
  MASAR_GRPC_FORWARD(v1, CountDemographics, handlers_)
  MASAR_GRPC_FORWARD(v1, UpdateUser, handlers_)
  MASAR_GRPC_FORWARD(v1, DisableUser, handlers_)
  MASAR_GRPC_FORWARD(v1, DeleteUser, handlers_)
  MASAR_GRPC_FORWARD(v1, CreateOrganization, handlers_)
  MASAR_GRPC_FORWARD(v1, UpdateOrganization, handlers_)
  MASAR_GRPC_FORWARD(v1, GetOrganization, handlers_)
  MASAR_GRPC_FORWARD(v1, ListMembers, handlers_)
  MASAR_GRPC_FORWARD(v1, GetMember, handlers_)
  MASAR_GRPC_FORWARD(v1, CreateServiceAccount, handlers_)
  MASAR_GRPC_FORWARD(v1, RotateServiceAccountSecret, handlers_)
  MASAR_GRPC_FORWARD(v1, GetServiceAccount, handlers_)
  MASAR_GRPC_FORWARD(v1, CreateRoleBinding, handlers_)
  MASAR_GRPC_FORWARD(v1, GetRoleBinding, handlers_)
  MASAR_GRPC_FORWARD(v1, ListRoleBindings, handlers_)
  MASAR_GRPC_FORWARD(v1, DeleteRoleBinding, handlers_)
  MASAR_GRPC_FORWARD(v1, ListAuditEvents, handlers_)
  MASAR_GRPC_FORWARD(v1, VerifyAuditChain, handlers_)
#undef MASAR_FORWARD

  DirectoryHandlers* handlers_;
};

class DirectoryHandlersTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    for (auto migrations : {audit::AuditMigrations(), IdentityStoreMigrations(),
                            idempotency::IdempotencyMigrations(),
                            auth::RevocationMigrations(),
                            ResourceCacheMigrations(),
                            events::EventMigrations()}) {
      ASSERT_THAT(migrations, IsOk());
      ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    }
    // As `masar serve` wires it: GetUser reads through the cache that every
    // user update invalidates.
    store_ = std::make_unique<SqlIdentityStore>(&db(), &memory_cache_, &clock_);
    directory_ = std::make_unique<IdentityDirectory>(store_->ports());
    idempotency_ =
        std::make_unique<idempotency::IdempotentRunner>(&db(), &clock_);

    crypto::Ed25519KeyPair pair = crypto::Ed25519KeyPair::Generate();
    std::string kid = auth::JwkThumbprint(pair.public_key());
    ASSERT_THAT(keys_.Add(auth::SigningKey{kid, std::move(pair),
                                           absl::UnixEpoch()}),
                IsOk());
    auth::TokenVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    verifier_ = std::make_unique<auth::TokenVerifier>(
        options, keys_.PublicJwks(), &clock_);
    cache_ = std::make_unique<auth::VerifiedTokenCache>(&clock_);
    authenticator_ = std::make_unique<auth::Authenticator>(
        verifier_.get(), cache_.get(), &revocations_);
    absl::StatusOr<auth::PolicyTable> policy = IdentityPolicy();
    ASSERT_THAT(policy, IsOk());
    policy_ = std::make_unique<auth::PolicyTable>(*std::move(policy));
    authorizer_ =
        std::make_unique<auth::CallAuthorizer>(policy_.get(), authenticator_.get());

    handlers_ = std::make_unique<DirectoryHandlers>(DirectoryHandlersDeps{
        .directory = directory_.get(),
        .authorizer = authorizer_.get(),
        .runner = &runner_,
        .idempotency = idempotency_.get(),
        .db = &db(),
        .clock = &clock_,
        .national_ids = nullptr,
        .checkpoint_path = "",
        .checkpoint_public_keys = {},
        .users_cache = store_->users_cache()});
    service_ = std::make_unique<DirectoryOnlyService>(handlers_.get());
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {service_.get()}, &logger_);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
    stub_ = v1::IdentityService::NewStub(
        ::masar::testing::LocalChannel(server_->port()));

    alice_ = SeedUser("Alice", "alice@example.ma");
    bob_ = SeedUser("Bob", "bob@example.ma");
    admin_ = SeedUser("Admin", "admin@example.ma");
  }

  void TearDown() override {
    server_.reset();
    // The users' cache's repair thread reads the database, which goes next.
    directory_.reset();
    store_.reset();
    DatabaseTest::TearDown();
  }

  // A user created through the domain (sign-up is the token handlers').
  User SeedUser(const std::string& name, const std::string& email) {
    NewUser user;
    user.display_name = name;
    user.email = email;
    user.preferred_language = Language::kFr;
    user.password_hash = "not-a-real-hash";
    absl::StatusOr<User> created =
        RunInTransaction(store_->unit_of_work(), *directory_,
                         &IdentityDirectory::CreateUser, Actor{}, user);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : User{};
  }

  std::string Token(const std::string& subject,
                    std::vector<std::string> roles = {}) {
    auth::Claims claims;
    claims.issuer = kIssuer;
    claims.audience = {kAudience};
    claims.subject = subject;
    claims.roles = std::move(roles);
    claims.amr = {"pwd", "otp"};
    claims.token_id = NewUuid();
    claims.issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
    claims.expires_at = claims.issued_at + absl::Minutes(10);
    absl::StatusOr<std::string> token = auth::TokenSigner(&keys_).Sign(claims);
    EXPECT_THAT(token, IsOk());
    return token.ok() ? *token : "";
  }
  // UpdateUser of `user`'s display name, at the etag it was seeded with.
  static v1::UpdateUserRequest Rename(const User& user,
                                      const std::string& display_name) {
    v1::UpdateUserRequest update;
    update.mutable_user()->set_name(user.name());
    update.mutable_user()->set_display_name(display_name);
    update.mutable_update_mask()->add_paths("display_name");
    update.set_etag(user.etag());
    return update;
  }

  // Tokens of people: an administrator, a user, a manager and auditor.
  std::vector<std::string> People() {
    return {AdminToken(), Token(alice_.name()),
            Token(bob_.name(), {"PROGRAM_MANAGER@*", "AUDITOR@*"})};
  }

  std::string AdminToken() {
    return Token(admin_.name(), {"PLATFORM_ADMIN@*"});
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(20));
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  cache::MemoryCache memory_cache_{clock_};
  std::unique_ptr<SqlIdentityStore> store_;
  std::unique_ptr<IdentityDirectory> directory_;
  std::unique_ptr<idempotency::IdempotentRunner> idempotency_;
  auth::SigningKeySet keys_;
  std::unique_ptr<auth::TokenVerifier> verifier_;
  std::unique_ptr<auth::VerifiedTokenCache> cache_;
  auth::RevocationList revocations_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<auth::PolicyTable> policy_;
  std::unique_ptr<auth::CallAuthorizer> authorizer_;
  BoundedExecutor executor_{4, 64};
  UnaryCallRunner runner_{&executor_};
  std::unique_ptr<DirectoryHandlers> handlers_;
  std::unique_ptr<DirectoryOnlyService> service_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
  User alice_, bob_, admin_;
};

TEST_P(DirectoryHandlersTest, UserReadsAndUpdatesOnlyThemself) {
  const std::string alice = Token(alice_.name());
  v1::GetUserRequest get;
  get.set_name(alice_.name());
  v1::GetUserResponse got;
  ASSERT_TRUE(stub_->GetUser(As(alice).get(), get, &got).ok());
  EXPECT_EQ(got.user().email(), "alice@example.ma");
  EXPECT_TRUE(got.user().national_id().empty());

  get.set_name(bob_.name());
  EXPECT_EQ(stub_->GetUser(As(alice).get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::UpdateUserRequest update = Rename(alice_, "Alice B.");
  v1::UpdateUserResponse updated;
  ASSERT_TRUE(stub_->UpdateUser(As(alice).get(), update, &updated).ok());
  EXPECT_EQ(updated.user().display_name(), "Alice B.");
  EXPECT_NE(updated.user().etag(), alice_.etag());

  // The etag just used is stale now.
  update.mutable_user()->set_display_name("Alice C.");
  EXPECT_EQ(stub_->UpdateUser(As(alice).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);

  update.mutable_user()->set_name(bob_.name());
  update.set_etag(bob_.etag());
  EXPECT_EQ(stub_->UpdateUser(As(alice).get(), update, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(stub_->UpdateUser(As(AdminToken()).get(), update, &updated).ok());
  EXPECT_EQ(updated.user().display_name(), "Alice C.");

  get.set_name(bob_.name());
  EXPECT_TRUE(stub_->GetUser(As(AdminToken()).get(), get, &got).ok());
}

// GetUser answers from the cache once filled (no store load), and every
// write of a user, by any path through the repository, is seen by the next
// read.
TEST_P(DirectoryHandlersTest, GetUserReadsThroughTheCacheThatWritesInvalidate) {
  const std::string alice = Token(alice_.name());
  v1::GetUserRequest get;
  get.set_name(alice_.name());
  v1::GetUserResponse got;
  ASSERT_TRUE(stub_->GetUser(As(alice).get(), get, &got).ok());
  ASSERT_TRUE(stub_->GetUser(As(alice).get(), get, &got).ok());
  EXPECT_EQ(store_->users_cache()->loads(), 1) << "the second read is a cache hit";
  EXPECT_EQ(got.user().display_name(), "Alice");

  // Bob is refused before the cache is consulted, hit or not.
  EXPECT_EQ(stub_->GetUser(As(Token(bob_.name())).get(), get, &got)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::UpdateUserRequest update = Rename(alice_, "Alice B.");
  v1::UpdateUserResponse updated;
  ASSERT_TRUE(stub_->UpdateUser(As(alice).get(), update, &updated).ok());
  ASSERT_TRUE(stub_->GetUser(As(alice).get(), get, &got).ok());
  EXPECT_EQ(got.user().display_name(), "Alice B.");
  EXPECT_EQ(got.user().etag(), updated.user().etag());

  // A write that does not go through the directory (sign-in, MFA and
  // passwords write users in the token handlers).
  ASSERT_THAT(store_->unit_of_work().Run([&](Transaction& tx) -> absl::Status {
    absl::StatusOr<User> user = store_->users().Get(tx, alice_.id);
    if (!user.ok()) return user.status();
    user->display_name = "Alice C.";
    return store_->users().Update(tx, *user).status();
  }),
              IsOk());
  ASSERT_TRUE(stub_->GetUser(As(alice).get(), get, &got).ok());
  EXPECT_EQ(got.user().display_name(), "Alice C.");

  v1::DisableUserRequest disable;
  disable.set_name(alice_.name());
  v1::DisableUserResponse disabled;
  ASSERT_TRUE(
      stub_->DisableUser(As(AdminToken()).get(), disable, &disabled).ok());
  ASSERT_TRUE(stub_->GetUser(As(AdminToken()).get(), get, &got).ok());
  EXPECT_EQ(got.user().state(), v1::User::STATE_DISABLED);
}

TEST_P(DirectoryHandlersTest, MissingTokenIsUnauthenticated) {
  grpc::ClientContext context;
  v1::GetUserRequest get;
  get.set_name(alice_.name());
  v1::GetUserResponse got;
  EXPECT_EQ(stub_->GetUser(&context, get, &got).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_P(DirectoryHandlersTest, NegativePageSizeNamesTheField) {
  v1::ListUsersRequest list;
  list.set_page_size(-1);
  v1::ListUsersResponse listed;
  grpc::Status status = stub_->ListUsers(As(AdminToken()).get(), list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size"));
}

TEST_P(DirectoryHandlersTest, PersonCardsAndDemographicsAreForServicesOnly) {
  v1::BatchGetPersonCardsRequest cards;
  cards.add_names(alice_.name());
  cards.add_names(admin_.name());
  v1::BatchGetPersonCardsResponse got;
  const std::string service =
      Token("serviceAccounts/onboarding", {"SERVICE@*"});
  ASSERT_TRUE(stub_->BatchGetPersonCards(As(service).get(), cards, &got).ok());
  ASSERT_EQ(got.cards_size(), 2);
  EXPECT_EQ(got.cards(0).user(), alice_.name());
  EXPECT_EQ(got.cards(0).display_name(), alice_.display_name);
  EXPECT_EQ(got.cards(0).email(), alice_.email);
  EXPECT_EQ(got.cards(1).user(), admin_.name());

  v1::CountDemographicsRequest count;
  count.add_users(alice_.name());
  count.add_users(admin_.name());
  count.set_reference_year(2026);
  v1::CountDemographicsResponse counted;
  ASSERT_TRUE(
      stub_->CountDemographics(As(service).get(), count, &counted).ok());
  EXPECT_EQ(counted.total(), 2);
  int sum = 0;
  for (const v1::DemographicsCount& row : counted.counts()) sum += row.count();
  EXPECT_EQ(sum, 2);
}

TEST_P(DirectoryHandlersTest, PersonCardsAndDemographicsRefusePeople) {
  v1::BatchGetPersonCardsRequest cards;
  cards.add_names(alice_.name());
  v1::BatchGetPersonCardsResponse got;
  v1::CountDemographicsRequest count;
  count.add_users(alice_.name());
  count.set_reference_year(2026);
  v1::CountDemographicsResponse counted;
  // Administrators included: the policy table admits SERVICE only.
  for (const std::string& token : People()) {
    EXPECT_EQ(stub_->BatchGetPersonCards(As(token).get(), cards, &got)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(stub_->CountDemographics(As(token).get(), count, &counted)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub_->BatchGetPersonCards(&anonymous, cards, &got).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_P(DirectoryHandlersTest, ListUsersPagesWithOpaqueTokens) {
  v1::ListUsersRequest list;
  list.set_page_size(2);
  v1::ListUsersResponse first, second;
  ASSERT_TRUE(stub_->ListUsers(As(AdminToken()).get(), list, &first).ok());
  EXPECT_THAT(first.users(), SizeIs(2));
  ASSERT_FALSE(first.next_page_token().empty());
  list.set_page_token(first.next_page_token());
  ASSERT_TRUE(stub_->ListUsers(As(AdminToken()).get(), list, &second).ok());
  EXPECT_THAT(second.users(), SizeIs(1));
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_P(DirectoryHandlersTest, StartupCreatorBecomesOwnerAndFounder) {
  const std::string alice = Token(alice_.name());
  v1::CreateOrganizationRequest create;
  create.mutable_organization()->mutable_display_name()->set_fr("Atlas IA");
  create.mutable_organization()->set_kind(v1::Organization::KIND_STARTUP);
  create.mutable_organization()->set_country("MA");
  create.set_request_id(NewUuid());
  v1::CreateOrganizationResponse created;
  ASSERT_TRUE(
      stub_->CreateOrganization(As(alice).get(), create, &created).ok());
  EXPECT_EQ(created.owner_member().user(), alice_.name());
  EXPECT_EQ(created.owner_member().role(), v1::Member::ROLE_OWNER);
  EXPECT_EQ(created.founder_role_binding().role(), v1::ROLE_FOUNDER);
  EXPECT_EQ(created.founder_role_binding().scope(),
            created.organization().name());

  // The repeat answers the first result and creates nothing.
  v1::CreateOrganizationResponse repeated;
  ASSERT_TRUE(
      stub_->CreateOrganization(As(alice).get(), create, &repeated).ok());
  EXPECT_EQ(repeated.organization().name(), created.organization().name());

  v1::UpdateOrganizationRequest update;
  update.mutable_organization()->set_name(created.organization().name());
  update.mutable_organization()->set_website("https://atlas.example.ma");
  update.mutable_update_mask()->add_paths("website");
  update.set_etag(created.organization().etag());
  v1::UpdateOrganizationResponse updated;
  // Bob, no member, sees the organization (the directory is open to the
  // signed-in) but may not change it.
  EXPECT_EQ(
      stub_->UpdateOrganization(As(Token(bob_.name())).get(), update, &updated)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::ListMembersRequest members;
  members.set_parent(created.organization().name());
  v1::ListMembersResponse listed;
  EXPECT_EQ(stub_->ListMembers(As(Token(bob_.name())).get(), members, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "outsiders do not learn who belongs";
  v1::GetMemberRequest member;
  member.set_name(created.owner_member().name());
  v1::GetMemberResponse got_member;
  EXPECT_EQ(stub_->GetMember(As(Token(bob_.name())).get(), member, &got_member)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(
      stub_->GetMember(As(alice).get(), member, &got_member).ok());
  ASSERT_TRUE(stub_->UpdateOrganization(As(alice).get(), update, &updated).ok());
  EXPECT_EQ(updated.organization().website(), "https://atlas.example.ma");
}

TEST_P(DirectoryHandlersTest, AdminCreatesListsAndDeletesRoleBindings) {
  v1::CreateRoleBindingRequest create;
  create.mutable_role_binding()->set_principal(bob_.name());
  create.mutable_role_binding()->set_role(v1::ROLE_REVIEWER);
  create.mutable_role_binding()->set_scope("*");
  create.set_request_id(NewUuid());
  v1::CreateRoleBindingResponse created;
  ASSERT_TRUE(
      stub_->CreateRoleBinding(As(AdminToken()).get(), create, &created).ok());
  EXPECT_EQ(created.role_binding().creator(), admin_.name());

  v1::ListRoleBindingsRequest list;
  list.set_principal(bob_.name());
  v1::ListRoleBindingsResponse listed;
  ASSERT_TRUE(
      stub_->ListRoleBindings(As(AdminToken()).get(), list, &listed).ok());
  ASSERT_THAT(listed.role_bindings(), SizeIs(1));
  EXPECT_EQ(listed.role_bindings(0).name(), created.role_binding().name());

  // Bob may not grant roles.
  create.set_request_id(NewUuid());
  create.mutable_role_binding()->set_principal(alice_.name());
  EXPECT_EQ(stub_->CreateRoleBinding(As(Token(bob_.name())).get(), create,
                                     &created)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::DeleteRoleBindingRequest remove;
  remove.set_name(listed.role_bindings(0).name());
  v1::DeleteRoleBindingResponse removed;
  ASSERT_TRUE(
      stub_->DeleteRoleBinding(As(AdminToken()).get(), remove, &removed).ok());
  v1::GetRoleBindingRequest get;
  get.set_name(remove.name());
  v1::GetRoleBindingResponse got;
  EXPECT_EQ(stub_->GetRoleBinding(As(AdminToken()).get(), get, &got)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_P(DirectoryHandlersTest, ServiceAccountSecretIsShownOnce) {
  v1::CreateServiceAccountRequest create;
  create.set_service_account_id("onboarding");
  create.mutable_service_account()->set_display_name("Onboarding service");
  create.set_request_id(NewUuid());
  v1::CreateServiceAccountResponse created;
  ASSERT_TRUE(stub_->CreateServiceAccount(As(AdminToken()).get(), create,
                                          &created)
                  .ok());
  EXPECT_EQ(created.service_account().name(), "serviceAccounts/onboarding");
  ASSERT_EQ(created.client_secret().size(), 64u);

  // Stored hashed: the hash verifies the secret and is not the secret.
  const Actor admin(
      auth::Principal(admin_.name(), {{auth::Role::kPlatformAdmin, "*"}}));
  absl::StatusOr<ServiceAccount> stored =
      directory_->GetServiceAccount(admin, "serviceAccounts/onboarding");
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(stored->secret_hash, ::testing::Not(HasSubstr(created.client_secret())));
  EXPECT_TRUE(ClientSecretMatches(created.client_secret(), stored->secret_hash));
  std::string wrong = created.client_secret();
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  EXPECT_FALSE(ClientSecretMatches(wrong, stored->secret_hash));

  v1::CreateServiceAccountResponse repeated;
  ASSERT_TRUE(stub_->CreateServiceAccount(As(AdminToken()).get(), create,
                                          &repeated)
                  .ok());
  EXPECT_EQ(repeated.service_account().name(), "serviceAccounts/onboarding");
  EXPECT_TRUE(repeated.client_secret().empty());

  create.mutable_service_account()->set_display_name("Something else");
  grpc::Status status =
      stub_->CreateServiceAccount(As(AdminToken()).get(), create, &repeated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));

  v1::RotateServiceAccountSecretRequest rotate;
  rotate.set_name("serviceAccounts/onboarding");
  rotate.set_request_id(NewUuid());
  v1::RotateServiceAccountSecretResponse rotated, rotated_again;
  ASSERT_TRUE(stub_->RotateServiceAccountSecret(As(AdminToken()).get(), rotate,
                                                &rotated)
                  .ok());
  EXPECT_EQ(rotated.client_secret().size(), 64u);
  EXPECT_NE(rotated.client_secret(), created.client_secret());
  ASSERT_TRUE(stub_->RotateServiceAccountSecret(As(AdminToken()).get(), rotate,
                                                &rotated_again)
                  .ok());
  EXPECT_TRUE(rotated_again.client_secret().empty());
  stored = directory_->GetServiceAccount(admin, "serviceAccounts/onboarding");
  ASSERT_THAT(stored, IsOk());
  EXPECT_TRUE(ClientSecretMatches(rotated.client_secret(), stored->secret_hash));
}

TEST_P(DirectoryHandlersTest, DisableAndDeleteUserEndTheirDeviceTokens) {
  auto stored = [&](const std::string& hash) {
    bool found = false;
    EXPECT_THAT(store_->unit_of_work().RunReadOnly([&](Transaction& tx) {
      ASSIGN_OR_RETURN(std::optional<DeviceToken> device,
                       store_->sessions().FindDeviceToken(tx, hash));
      found = device.has_value();
      return absl::OkStatus();
    }),
                IsOk());
    return found;
  };
  ASSERT_THAT(store_->unit_of_work().Run([&](Transaction& tx) -> absl::Status {
    for (const User* user : {&alice_, &bob_}) {
      RETURN_IF_ERROR(store_->sessions().AddDeviceToken(
          tx, DeviceToken{user->id, user->id, clock_.Now(),
                          clock_.Now() + absl::Hours(1)}));
    }
    return absl::OkStatus();
  }),
              IsOk());
  v1::DisableUserRequest disable;
  disable.set_name(bob_.name());
  v1::DisableUserResponse disabled;
  ASSERT_TRUE(
      stub_->DisableUser(As(AdminToken()).get(), disable, &disabled).ok());
  EXPECT_FALSE(stored(bob_.id));
  EXPECT_TRUE(stored(alice_.id));
  v1::DeleteUserRequest erase;
  erase.set_name(alice_.name());
  v1::DeleteUserResponse erased;
  ASSERT_TRUE(stub_->DeleteUser(As(AdminToken()).get(), erase, &erased).ok());
  EXPECT_FALSE(stored(alice_.id));
}

TEST_P(DirectoryHandlersTest, AuditEventsFollowChangesAndTheChainVerifies) {
  v1::DisableUserRequest disable;
  disable.set_name(bob_.name());
  disable.set_request_id(NewUuid());
  v1::DisableUserResponse disabled;
  ASSERT_TRUE(stub_->DisableUser(As(AdminToken()).get(), disable, &disabled)
                  .ok());
  EXPECT_EQ(disabled.user().state(), v1::User::STATE_DISABLED);

  v1::ListAuditEventsRequest list;
  list.set_resource(bob_.name());
  v1::ListAuditEventsResponse listed;
  ASSERT_TRUE(
      stub_->ListAuditEvents(As(AdminToken()).get(), list, &listed).ok());
  ASSERT_FALSE(listed.audit_events().empty());
  // A copy: `listed` is reused below.
  const common::v1::AuditEvent last = *listed.audit_events().rbegin();
  EXPECT_EQ(last.action(), "DisableUser");
  EXPECT_EQ(last.actor(), admin_.name());
  EXPECT_EQ(last.request_id(), disable.request_id());

  // after_sequence resumes after an entry, exclusively; page sizes above 500
  // are treated as 500; a negative one is refused by name.
  v1::ListAuditEventsRequest resumed;
  resumed.set_after_sequence(last.sequence() - 1);
  resumed.set_page_size(100000);
  ASSERT_TRUE(
      stub_->ListAuditEvents(As(AdminToken()).get(), resumed, &listed).ok());
  ASSERT_EQ(listed.audit_events_size(), 1);
  EXPECT_EQ(listed.audit_events(0).sequence(), last.sequence());
  resumed.set_page_size(-1);
  const grpc::Status refused =
      stub_->ListAuditEvents(As(AdminToken()).get(), resumed, &listed);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("page_size"));

  // Pages of one follow each other to the end.
  v1::ListAuditEventsRequest paged;
  paged.set_page_size(1);
  int seen = 0;
  do {
    v1::ListAuditEventsResponse page;
    ASSERT_TRUE(
        stub_->ListAuditEvents(As(AdminToken()).get(), paged, &page).ok());
    seen += page.audit_events_size();
    paged.set_page_token(page.next_page_token());
  } while (!paged.page_token().empty() && seen < 100);
  EXPECT_GE(seen, 4);  // three sign-ups and the disable

  v1::VerifyAuditChainResponse verified;
  ASSERT_TRUE(stub_->VerifyAuditChain(As(Token(alice_.name(), {"AUDITOR@*"})).get(),
                                      v1::VerifyAuditChainRequest(), &verified)
                  .ok());
  EXPECT_TRUE(verified.verification().valid())
      << verified.verification().problem();
  EXPECT_EQ(verified.verification().entries_checked(), seen);

  EXPECT_EQ(stub_->VerifyAuditChain(As(Token(alice_.name())).get(),
                                    v1::VerifyAuditChainRequest(), &verified)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

INSTANTIATE_DATABASE_TEST_SUITE_P(DirectoryHandlersTest);

}  // namespace
}  // namespace masar::identity

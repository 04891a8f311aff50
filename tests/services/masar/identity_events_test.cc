// Identity's domain events as `masar serve` builds them, end to end: a
// change appends its event in its own transaction, ListDomainEvents serves
// it to SERVICE callers only, and a consumer in another store reads it
// through identity's client (in-process and over loopback TCP), woken by
// the announcement, applying each event once.
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/claims.h"
#include "common/auth/service_token_source.h"
#include "common/auth/token_signer.h"
#include "common/events/event_consumer.h"
#include "common/events/outbox.h"
#include "common/ids/ids.h"
#include "common/sql/migrations.h"
#include "common/sql/sqlite_database.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "tests/testing/scoped_temp_dir.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/events.pb.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/client/identity_event_source.h"
#include "services/masar/auth_setup.h"
#include "services/masar/peers_impl.h"
#include "tests/services/masar/served_identity.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
namespace v1 = ::masar::identity::v1;

class IdentityEventsTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    ASSERT_THAT(identity_.Start(), IsOk());
    tokens_ = std::make_unique<auth::ServiceTokenSource>(
        SelfIssuedServiceTokens(&identity_.auth->keys, &identity_.clock),
        &identity_.clock);
    PeersOptions options;
    // In-process when the process hosts identity, otherwise over TCP.
    options.hosted = GetParam() ? std::vector<std::string>{"identity"}
                                : std::vector<std::string>{"mentoring"};
    options.targets["identity"] =
        absl::StrCat("127.0.0.1:", identity_.server->port());
    options.token = [this] { return tokens_->Token(); };
    options.deadline = absl::Seconds(5);
    peers_ = std::make_unique<PeersImpl>(std::move(options));
    peers_->Attach(identity_.server.get());
    stub_ = v1::IdentityService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", identity_.server->port()),
        grpc::InsecureChannelCredentials()));
    admin_ = Token(absl::StrCat("users/", NewUuid()), {"PLATFORM_ADMIN@*"});
  }

  std::string Token(const std::string& subject,
                    std::vector<std::string> roles) {
    auth::Claims claims;
    claims.issuer = kTokenIssuer;
    claims.audience = {kTokenAudience};
    claims.subject = subject;
    claims.roles = std::move(roles);
    claims.amr = {"pwd", "otp"};
    claims.token_id = NewUuid();
    claims.issued_at = auth::TokenTime(identity_.clock.Now());
    claims.expires_at = claims.issued_at + absl::Minutes(10);
    absl::StatusOr<std::string> token =
        auth::TokenSigner(&identity_.auth->keys).Sign(claims);
    EXPECT_THAT(token, IsOk());
    return token.value_or("");
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(20));
    if (!token.empty()) {
      context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
    }
    return context;
  }

  v1::User SignUp(const std::string& email) {
    v1::CreateUserRequest request;
    request.mutable_user()->set_display_name("Amina");
    request.mutable_user()->set_email(email);
    request.mutable_user()->set_preferred_language(
        masar::common::v1::LANGUAGE_FR);
    request.set_password("correct horse battery staple");
    v1::CreateUserResponse response;
    grpc::Status status = stub_->CreateUser(As("").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.user();
  }

  grpc::Status Disable(const v1::User& user, const std::string& etag) {
    v1::DisableUserRequest request;
    request.set_name(user.name());
    request.set_etag(etag);
    v1::DisableUserResponse response;
    return stub_->DisableUser(As(admin_).get(), request, &response);
  }

  ::masar::testing::ServedIdentity identity_;
  std::unique_ptr<auth::ServiceTokenSource> tokens_;
  std::unique_ptr<PeersImpl> peers_;
  std::unique_ptr<v1::IdentityService::Stub> stub_;
  std::string admin_;  // a PLATFORM_ADMIN's token
};

TEST_P(IdentityEventsTest, AChangeIsReadByAnotherServiceOnce) {
  const v1::User amina = SignUp("amina@example.ma");
  ASSERT_TRUE(Disable(amina, amina.etag()).ok());

  // A consumer in its own store (what mentoring will be), reading through
  // identity's client, woken by identity's announcement on the shared
  // cache; the poll is long so that only the notice can be timely.
  ::masar::testing::ScopedTempDir dir{"masar-consumer"};
  sql::DatabaseOptions store;
  store.sqlite_path = dir.File("consumer.db");
  absl::StatusOr<std::unique_ptr<sql::Database>> db =
      sql::SqliteDatabase::Open(store);
  ASSERT_THAT(db, IsOk());
  absl::StatusOr<sql::MigrationSet> migrations = events::EventMigrations();
  ASSERT_THAT(migrations, IsOk());
  ASSERT_THAT(sql::Migrate(**db, *migrations), IsOk());
  std::shared_ptr<identity::IdentityClient> client = peers_->identity();
  identity::IdentityEventSource source(client.get());
  absl::Mutex mu;
  std::vector<std::string> applied;  // "users/..:STATE"
  events::EventConsumerOptions options;
  options.consumer = "test";
  options.poll_interval = absl::Seconds(60);
  events::EventConsumer consumer(
      &source, db->get(), &identity_.cache,
      [&](sql::Transaction&, const events::Event& event) -> absl::Status {
        if (event.type != v1::UserStateChanged::descriptor()->full_name()) {
          return absl::OkStatus();
        }
        v1::UserStateChanged payload;
        if (!payload.ParseFromString(event.payload)) {
          return absl::InternalError("unreadable payload");
        }
        absl::MutexLock lock(&mu);
        applied.push_back(absl::StrCat(payload.user(), ":",
                                       v1::User::State_Name(payload.state())));
        return absl::OkStatus();
      },
      &identity_.clock, &identity_.logger, options);
  ASSERT_THAT(consumer.Start(), IsOk());  // catches up at start

  // A refused change (stale etag) tells nothing; an accepted one does.
  EXPECT_EQ(Disable(amina, amina.etag()).error_code(),
            grpc::StatusCode::ABORTED);
  v1::EnableUserRequest enable;
  enable.set_name(amina.name());
  v1::EnableUserResponse enabled;
  ASSERT_TRUE(stub_->EnableUser(As(admin_).get(), enable, &enabled).ok());

  const std::vector<std::string> expected = {
      amina.name() + ":STATE_DISABLED", amina.name() + ":STATE_ACTIVE"};
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  std::vector<std::string> seen;
  while (absl::Now() < give_up) {
    {
      absl::MutexLock lock(&mu);
      seen = applied;
    }
    if (seen.size() >= expected.size()) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(seen, expected);
  // Draining again applies nothing twice.
  ASSERT_THAT(consumer.Drain(), IsOk());
  absl::MutexLock lock(&mu);
  EXPECT_EQ(applied, expected);
}

TEST_P(IdentityEventsTest, TheFeedIsForServicesOnly) {
  SignUp("omar@example.ma");
  v1::ListDomainEventsRequest request;
  v1::ListDomainEventsResponse response;
  for (const std::string& token :
       {admin_, Token(absl::StrCat("users/", NewUuid()), {"AUDITOR@*"})}) {
    EXPECT_EQ(
        stub_->ListDomainEvents(As(token).get(), request, &response).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(stub_->ListDomainEvents(As("").get(), request, &response)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  request.set_after_sequence(-1);
  absl::StatusOr<events::EventPage> page =
      peers_->identity()->ListDomainEvents({}, -1, 10);
  EXPECT_THAT(page, ::masar::testing::StatusIs(
                        absl::StatusCode::kInvalidArgument,
                        ::testing::HasSubstr("after_sequence")));
  page = peers_->identity()->ListDomainEvents({}, 0, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->events.empty());  // a sign-up tells nobody
  EXPECT_EQ(page->first_retained_sequence, 1);
}

INSTANTIATE_TEST_SUITE_P(Paths, IdentityEventsTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& path) {
                           return path.param ? "InProcess" : "Network";
                         });

}  // namespace
}  // namespace masar

// The identity client's contract, the same cases on both paths a peer
// call takes: the server's in-process channel (identity hosted in the same
// process) and loopback TCP (identity elsewhere). Against a fake identity
// behind the real server (interceptors included): the service-account
// token on its calls, the caller's request id, trace and deadline carried
// on, the revocation feed as a RevocationSource, the directory reads
// partnerships checks parties with, and UNAVAILABLE for an identity hung,
// stopped, or stopped mid-call.
#include "services/identity/client/grpc_identity_client.h"

#include <cstring>
#include <map>
#include <memory>
#include <thread>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth/base64url.h"
#include "common/auth/revocation_list.h"
#include "common/auth/revocation_sync.h"
#include "common/auth/service_token_source.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/crypto/ed25519.h"
#include "common/grpc/call_context.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/server.h"
#include "common/log/logger.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/revocation_mapping.h"
#include "services/identity/client/identity_revocation_source.h"
#include "tests/testing/grpc_probe.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Each;
using ::testing::HasSubstr;
using ::testing::SizeIs;

auth::Revocation MakeRevocation(int64_t sequence, auth::RevocationKind kind,
                                std::string value) {
  const absl::Time t = absl::FromUnixMicros(1700000000123456);
  return auth::Revocation{sequence, kind, std::move(value), t,
                          t + absl::Minutes(15)};
}

// What the fake answers, and what it saw.
class FakeIdentity final : public HostedService,
                           private v1::IdentityService::Service {
 public:
  absl::string_view service_name() const override {
    return v1::IdentityService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

  std::vector<auth::Revocation> revocations;
  // The directory: organization ids (true when deleted), user ids with
  // their state, memberships "{organization}/{user}" with their title.
  std::map<std::string, bool> organizations;
  std::map<std::string, v1::User::State> users;
  std::map<std::string, std::string> members;
  // ListMembers answers at most this many per page.
  int member_page_size = 2;
  std::string public_key = crypto::Ed25519KeyPair::Generate().public_key();
  absl::Duration delay;

  std::vector<std::string> authorizations() {
    absl::MutexLock lock(&mu_);
    return authorizations_;
  }
  // The CallContext of the last ListRevocations, as the server's
  // interceptors established it.
  CallContext last_call() {
    absl::MutexLock lock(&mu_);
    return last_call_;
  }
  int sign_ins() {
    absl::MutexLock lock(&mu_);
    return sign_ins_;
  }

 private:
  grpc::Status GetJwks(grpc::ServerContext*, const v1::GetJwksRequest*,
                       v1::GetJwksResponse* response) override {
    v1::Jwk* ec = response->add_keys();  // a type this verifier skips
    ec->set_kty("EC");
    ec->set_crv("P-256");
    ec->set_kid("ec-1");
    v1::Jwk* ed = response->add_keys();
    ed->set_kty("OKP");
    ed->set_crv("Ed25519");
    ed->set_x(auth::Base64UrlEncode(public_key));
    ed->set_kid("ed-1");
    ed->set_alg("EdDSA");
    ed->set_use("sig");
    return grpc::Status::OK;
  }

  grpc::Status AuthenticateServiceAccount(
      grpc::ServerContext*, const v1::AuthenticateServiceAccountRequest* request,
      v1::AuthenticateServiceAccountResponse* response) override {
    if (request->client_id() != "onboarding-client" ||
        request->client_secret() != "s3cret") {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "wrong client credentials");
    }
    int n;
    {
      absl::MutexLock lock(&mu_);
      n = ++sign_ins_;
    }
    response->mutable_token()->set_access_token("sa-token-" +
                                                std::to_string(n));
    response->mutable_token()->mutable_expires_in()->set_seconds(900);
    return grpc::Status::OK;
  }

  // Notes the call's bearer token, as every directory read must carry one.
  void Saw(grpc::ServerContext* context) {
    absl::MutexLock lock(&mu_);
    auto it = context->client_metadata().find("authorization");
    authorizations_.push_back(
        it == context->client_metadata().end()
            ? ""
            : std::string(it->second.data(), it->second.size()));
  }

  static grpc::Status NotFound() {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such resource");
  }

  grpc::Status GetOrganization(grpc::ServerContext* context,
                               const v1::GetOrganizationRequest* request,
                               v1::GetOrganizationResponse* response) override {
    Saw(context);
    auto it = organizations.find(request->name().substr(strlen("organizations/")));
    if (it == organizations.end()) return NotFound();
    response->mutable_organization()->set_name(request->name());
    if (it->second) {
      response->mutable_organization()->mutable_delete_time()->set_seconds(1);
    }
    return grpc::Status::OK;
  }

  grpc::Status GetMember(grpc::ServerContext* context,
                         const v1::GetMemberRequest* request,
                         v1::GetMemberResponse* response) override {
    Saw(context);
    // "organizations/{o}/members/{u}"
    std::vector<std::string> parts = absl::StrSplit(request->name(), '/');
    auto it = members.find(parts[1] + "/" + parts[3]);
    if (it == members.end()) return NotFound();
    response->mutable_member()->set_name(request->name());
    response->mutable_member()->set_user("users/" + parts[3]);
    response->mutable_member()->set_title(it->second);
    return grpc::Status::OK;
  }

  grpc::Status GetUser(grpc::ServerContext* context,
                       const v1::GetUserRequest* request,
                       v1::GetUserResponse* response) override {
    Saw(context);
    auto it = users.find(request->name().substr(strlen("users/")));
    if (it == users.end()) return NotFound();
    response->mutable_user()->set_name(request->name());
    response->mutable_user()->set_email("someone@example.ma");
    response->mutable_user()->set_state(it->second);
    return grpc::Status::OK;
  }

  // Only parent "organizations/-" with a user, as partnerships asks; the
  // page token is the index of the next membership.
  grpc::Status ListMembers(grpc::ServerContext* context,
                           const v1::ListMembersRequest* request,
                           v1::ListMembersResponse* response) override {
    Saw(context);
    if (request->parent() != "organizations/-" || request->user().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "parent");
    }
    const std::string user = request->user().substr(strlen("users/"));
    std::vector<std::pair<std::string, std::string>> of_user;
    for (const auto& [key, title] : members) {
      std::vector<std::string> parts = absl::StrSplit(key, '/');
      if (parts[1] == user) of_user.emplace_back(parts[0], title);
    }
    size_t next = request->page_token().empty()
                      ? 0
                      : std::stoul(request->page_token());
    for (int n = 0; n < member_page_size && next < of_user.size(); ++n, ++next) {
      v1::Member* member = response->add_members();
      member->set_name("organizations/" + of_user[next].first + "/members/" +
                       user);
      member->set_user(request->user());
      member->set_title(of_user[next].second);
    }
    if (next < of_user.size()) {
      response->set_next_page_token(std::to_string(next));
    }
    return grpc::Status::OK;
  }

  grpc::Status ListRevocations(grpc::ServerContext* context,
                               const v1::ListRevocationsRequest* request,
                               v1::ListRevocationsResponse* response) override {
    // A hung identity, which still notices a call cancelled by its server.
    const absl::Time until = absl::Now() + delay;
    while (absl::Now() < until && !context->IsCancelled()) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    {
      absl::MutexLock lock(&mu_);
      last_call_ = GetCallContext(*context);
      auto it = context->client_metadata().find("authorization");
      authorizations_.push_back(
          it == context->client_metadata().end()
              ? ""
              : std::string(it->second.data(), it->second.size()));
    }
    for (const auth::Revocation& r : revocations) {
      if (r.sequence <= request->after_sequence()) continue;
      if (response->revocations_size() == request->page_size()) break;
      *response->add_revocations() = RevocationToProto(r);
    }
    return grpc::Status::OK;
  }

  absl::Mutex mu_;
  std::vector<std::string> authorizations_ ABSL_GUARDED_BY(mu_);
  CallContext last_call_ ABSL_GUARDED_BY(mu_);
  int sign_ins_ ABSL_GUARDED_BY(mu_) = 0;
};

enum class Path { kInProcess, kLoopbackTcp };

class IdentityClientTest : public ::testing::TestWithParam<Path> {
 protected:
  void SetUp() override {
    fake_.revocations = {
        MakeRevocation(1, auth::RevocationKind::kToken, "jti-1"),
        MakeRevocation(2, auth::RevocationKind::kSession, "sid-1"),
        MakeRevocation(3, auth::RevocationKind::kSubject, "users/u1")};
    ServerOptions options;
    options.drain_timeout = absl::Milliseconds(100);
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(options, {&fake_}, &logger_);
    ASSERT_THAT(server, IsOk());
    server_ = *std::move(server);
  }

  std::shared_ptr<grpc::Channel> Channel() {
    return GetParam() == Path::kInProcess
               ? server_->InProcessChannel()
               : ::masar::testing::LocalChannel(server_->port());
  }

  PeerCallOptions CallOptions(BearerTokenSource token) {
    PeerCallOptions options{"identity", absl::Milliseconds(500),
                            std::move(token), nullptr};
    if (GetParam() == Path::kInProcess) options.gate = server_->InProcessGate();
    return options;
  }

  // A client whose authenticated calls carry the service account's token.
  std::unique_ptr<IdentityClient> Client(std::string secret = "s3cret") {
    auto plain = std::make_shared<GrpcIdentityClient>(Channel(),
                                                      CallOptions(nullptr));
    tokens_ = std::make_shared<auth::ServiceTokenSource>(
        [plain, secret] {
          return plain->AuthenticateServiceAccount({}, "onboarding-client",
                                                   secret);
        },
        &clock_);
    return std::make_unique<GrpcIdentityClient>(
        Channel(),
        CallOptions([tokens = tokens_] { return tokens->Token(); }));
  }

  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  FakeIdentity fake_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<auth::ServiceTokenSource> tokens_;
};

INSTANTIATE_TEST_SUITE_P(
    Paths, IdentityClientTest,
    ::testing::Values(Path::kInProcess, Path::kLoopbackTcp),
    [](const ::testing::TestParamInfo<Path>& param) {
      return param.param == Path::kInProcess ? "InProcess" : "LoopbackTcp";
    });

TEST_P(IdentityClientTest, GetJwksKeepsTheEd25519Keys) {
  absl::StatusOr<auth::Jwks> jwks = Client()->GetJwks({});
  ASSERT_THAT(jwks, IsOk());
  ASSERT_EQ(jwks->keys().size(), 1u);
  EXPECT_EQ(jwks->keys()[0].kid, "ed-1");
  EXPECT_EQ(jwks->keys()[0].public_key, fake_.public_key);
}

TEST_P(IdentityClientTest, ListRevocationsCarriesTheServiceAccountToken) {
  std::unique_ptr<IdentityClient> client = Client();
  IdentityRevocationSource source(client.get());
  absl::StatusOr<std::vector<auth::Revocation>> page = source.ListAfter(1, 10);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(*page, ElementsAre(fake_.revocations[1], fake_.revocations[2]));
  ASSERT_THAT(source.ListAfter(0, 1), IsOk());
  // One sign-in, its token on every call.
  EXPECT_THAT(fake_.authorizations(),
              ElementsAre("Bearer sa-token-1", "Bearer sa-token-1"));
  EXPECT_EQ(fake_.sign_ins(), 1);
}

TEST_P(IdentityClientTest, WrongCredentialsFailTheCallBeforeItIsSent) {
  std::unique_ptr<IdentityClient> client = Client("wrong");
  // No token, no call: UNAVAILABLE for the caller's caller, the message
  // keeping identity's reason.
  EXPECT_THAT(client->ListRevocations({}, 0, 10),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("sign-in failed: wrong client credentials")));
  EXPECT_THAT(fake_.authorizations(), ::testing::IsEmpty());
}

TEST_P(IdentityClientTest, RevocationSyncCatchesUpThroughTheClient) {
  std::unique_ptr<IdentityClient> client = Client();
  IdentityRevocationSource source(client.get());
  cache::MemoryCache cache(clock_);
  auth::RevocationList list;
  auth::RevocationSyncOptions options;
  options.page_size = 2;  // two pages
  auth::RevocationSync sync(&source, &cache, &list, &clock_, options);
  ASSERT_THAT(sync.Start(), IsOk());
  EXPECT_EQ(list.last_sequence(), 3);
  EXPECT_EQ(list.size(), 3u);
}

TEST_P(IdentityClientTest, AHungIdentityIsUnavailableAtTheDeadline) {
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->ListRevocations({}, 0, 1), IsOk());  // signed in
  fake_.delay = absl::Seconds(2);
  const absl::Time start = absl::Now();
  EXPECT_THAT(client->ListRevocations({}, 0, 1),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("ListRevocations")));
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1500));
}

TEST_P(IdentityClientTest, AStoppedIdentityIsUnavailable) {
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->ListRevocations({}, 0, 1), IsOk());
  server_.reset();
  const absl::Time start = absl::Now();
  EXPECT_THAT(client->GetJwks({}), StatusIs(absl::StatusCode::kUnavailable,
                                          HasSubstr("GetJwks")));
  EXPECT_THAT(client->ListRevocations({}, 0, 1),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_P(IdentityClientTest, CarriesTheCallersRequestIdTraceAndDeadline) {
  std::unique_ptr<IdentityClient> client = Client();
  const std::string trace_id = "0af7651916cd43dd8448eb211c80319c";
  const absl::Time deadline = absl::Now() + absl::Milliseconds(300);
  ASSERT_THAT(client->ListRevocations({"req-42", trace_id, deadline}, 0, 1),
              IsOk());
  const CallContext seen = fake_.last_call();
  EXPECT_EQ(seen.request_id, "req-42");
  EXPECT_EQ(seen.trace_id, trace_id);
  EXPECT_LE(seen.deadline, deadline + absl::Milliseconds(20));
  EXPECT_THAT(fake_.authorizations(), ElementsAre("Bearer sa-token-1"));
}

TEST_P(IdentityClientTest, WithoutACallerTheCalleeMakesUpItsOwnIds) {
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->ListRevocations({}, 0, 1), IsOk());
  const CallContext seen = fake_.last_call();
  EXPECT_EQ(seen.request_id.size(), 36u) << seen.request_id;
  EXPECT_EQ(seen.trace_id.size(), 32u) << seen.trace_id;
  // The client's own deadline still bounds the call.
  EXPECT_LE(seen.deadline, absl::Now() + absl::Milliseconds(550));
}

TEST_P(IdentityClientTest, TheCallersDeadlinePassingIsUnavailable) {
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->ListRevocations({}, 0, 1), IsOk());  // signed in
  fake_.delay = absl::Seconds(2);
  const absl::Time start = absl::Now();
  EXPECT_THAT(client->ListRevocations(
                  {"req-1", "", start + absl::Milliseconds(100)}, 0, 1),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("identity did not answer ListRevocations")));
  // The caller's 100 ms, not the client's 500 ms.
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(400));
}

TEST_P(IdentityClientTest, IdentityStoppedMidCallIsUnavailableInTime) {
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->ListRevocations({}, 0, 1), IsOk());  // signed in
  fake_.delay = absl::Seconds(5);
  const absl::Time start = absl::Now();
  std::thread stopper([&] {
    absl::SleepFor(absl::Milliseconds(50));
    server_->Shutdown();  // drains for 100 ms, then cancels the call
  });
  const absl::Status status = client->ListRevocations({}, 0, 1).status();
  const absl::Duration took = absl::Now() - start;
  stopper.join();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable,
                               HasSubstr("ListRevocations")));
  EXPECT_LT(took, absl::Milliseconds(500)) << "within the client's deadline";
}

TEST_P(IdentityClientTest, OrganizationsAreActiveDeletedOrNotFound) {
  fake_.organizations = {{"agency", false}, {"gone", true}};
  std::unique_ptr<IdentityClient> client = Client();
  EXPECT_THAT(client->GetOrganization({}, "agency"),
              IsOkAndHolds(OrganizationStanding::kActive));
  EXPECT_THAT(client->GetOrganization({}, "gone"),
              IsOkAndHolds(OrganizationStanding::kDeleted));
  EXPECT_THAT(client->GetOrganization({}, "nobody"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(fake_.authorizations(), SizeIs(3));
  EXPECT_THAT(fake_.authorizations(), Each("Bearer sa-token-1"));
}

TEST_P(IdentityClientTest, AMembershipCarriesItsTitle) {
  fake_.members = {{"agency/u1", "Director General"}, {"ministry/u1", ""}};
  std::unique_ptr<IdentityClient> client = Client();
  EXPECT_THAT(client->GetMember({}, "agency", "u1"),
              IsOkAndHolds(Membership{"agency", "Director General"}));
  EXPECT_THAT(client->GetMember({}, "ministry", "u1"),
              IsOkAndHolds(Membership{"ministry", ""}));
  EXPECT_THAT(client->GetMember({}, "agency", "u2"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(fake_.authorizations(), Each("Bearer sa-token-1"));
}

TEST_P(IdentityClientTest, AUserIsOnlyItsState) {
  fake_.users = {{"u1", v1::User::STATE_ACTIVE},
                 {"u2", v1::User::STATE_DISABLED},
                 {"u3", v1::User::STATE_ERASED}};
  std::unique_ptr<IdentityClient> client = Client();
  EXPECT_THAT(client->GetUser({}, "u1"), IsOkAndHolds(UserStanding::kActive));
  EXPECT_THAT(client->GetUser({}, "u2"),
              IsOkAndHolds(UserStanding::kDisabled));
  EXPECT_THAT(client->GetUser({}, "u3"), IsOkAndHolds(UserStanding::kErased));
  EXPECT_THAT(client->GetUser({}, "u4"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(IdentityClientTest, MembershipsAreReadAcrossEveryPage) {
  fake_.members = {{"a/u1", "t-a"}, {"b/u1", "t-b"}, {"c/u1", "t-c"},
                   {"d/u1", ""},    {"e/u1", "t-e"}, {"a/u2", "other"}};
  std::unique_ptr<IdentityClient> client = Client();
  EXPECT_THAT(client->ListMemberships({}, "u1"),
              IsOkAndHolds(ElementsAre(
                  Membership{"a", "t-a"}, Membership{"b", "t-b"},
                  Membership{"c", "t-c"}, Membership{"d", ""},
                  Membership{"e", "t-e"})));
  // Three pages of two, each with the service's token.
  EXPECT_THAT(fake_.authorizations(), SizeIs(3));
  EXPECT_THAT(fake_.authorizations(), Each("Bearer sa-token-1"));
  EXPECT_THAT(client->ListMemberships({}, "nobody"),
              IsOkAndHolds(::testing::IsEmpty()));
}

TEST_P(IdentityClientTest, AMalformedIdIsRefusedBeforeAnyCall) {
  std::unique_ptr<IdentityClient> client = Client();
  EXPECT_THAT(client->GetOrganization({}, ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(client->GetMember({}, "a/members/b", "u1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(client->GetUser({}, "u1/x"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(client->ListMemberships({}, ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(fake_.authorizations(), ::testing::IsEmpty());
}

TEST_P(IdentityClientTest, DirectoryReadsOfAStoppedIdentityAreUnavailable) {
  fake_.organizations = {{"agency", false}};
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->GetOrganization({}, "agency"), IsOk());  // signed in
  server_.reset();
  const absl::Time start = absl::Now();
  EXPECT_THAT(client->GetOrganization({}, "agency"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("GetOrganization")));
  EXPECT_THAT(client->GetMember({}, "agency", "u1"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GetMember")));
  EXPECT_THAT(client->GetUser({}, "u1"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("GetUser")));
  EXPECT_THAT(client->ListMemberships({}, "u1"),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("ListMembers")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_P(IdentityClientTest, DirectoryReadsCarryTheCallersDeadline) {
  std::unique_ptr<IdentityClient> client = Client();
  ASSERT_THAT(client->ListRevocations({}, 0, 1), IsOk());  // signed in
  // The caller's deadline has passed: no call is worth making.
  const absl::Time past = absl::Now() - absl::Milliseconds(1);
  EXPECT_THAT(client->ListMemberships({"req-1", "", past}, "u1"),
              StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace masar::identity

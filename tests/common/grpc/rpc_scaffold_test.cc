#include "common/grpc/rpc_scaffold.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/client_context.h>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/call_authorizer.h"
#include "common/auth/policy_table.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/server.h"
#include "common/grpc/status.h"
#include "common/idempotency/idempotency.h"
#include "common/log/logger.h"
#include "common/sql/migrations.h"
#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/testing/v1/recorded_service.grpc.pb.h"
#include "tests/testing/grpc_probe.h"
#include "tests/testing/sql/test_database.h"

namespace masar {
namespace {

namespace v1 = ::masar::testing::v1;
using ::masar::testing::IsOk;

// The secrets of a ChangeRequest, as sign-up leaves out its password and
// the user's national id.
const std::vector<std::string> kSecrets = {"secret", "nested.secret"};

// Changes through the scaffold, counting the change's runs and hand-offs.
// Change: text "plain:..." records without leaving secrets out; "once:..."
// answers a secret the record does not keep; anything else leaves the
// secrets out of the digest; "lookup:..." gathers a fact from a peer
// before its transaction (ServeLookedUpChange). HandOffChange hands off to
// another thread before its transaction and keys its records by
// nested.text.
class RecordedEcho final : public HostedService,
                           private v1::RecordedService::CallbackService {
 public:
  explicit RecordedEcho(RpcScaffold::Options options)
      : scaffold_(std::move(options)) {}
  ~RecordedEcho() override {
    absl::MutexLock lock(&mu_);
    for (std::thread& thread : hand_offs_) thread.join();
  }
  absl::string_view service_name() const override {
    return v1::RecordedService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }
  int runs() const { return runs_; }
  int hand_offs() const { return hand_off_count_; }
  int look_ups() const { return look_ups_; }
  void set_peer_down(bool down) { peer_down_ = down; }
  CallMetadata last_look_up() {
    absl::MutexLock lock(&mu_);
    return last_look_up_;
  }

 private:
  grpc::ServerUnaryReactor* Change(grpc::CallbackServerContext* context,
                                   const v1::ChangeRequest* request,
                                   v1::ChangeResponse* response) override {
    if (absl::StartsWith(request->text(), "lookup:")) {
      return LookedUp(context, request, response);
    }
    if (absl::StartsWith(request->text(), "once:")) {
      return scaffold_.ServeRecorded(
          context, "Change", *request, response,
          [this, request](Transaction&, const auth::Caller&)
              -> absl::StatusOr<idempotency::Outcome> {
            v1::ChangeResponse out = Answer(*request);
            idempotency::Outcome outcome;
            outcome.replay_response = out.SerializeAsString();
            out.set_secret("shown once");
            outcome.response = out.SerializeAsString();
            return outcome;
          },
          {.undigested = kSecrets});
    }
    RequestRecording recording;
    if (!absl::StartsWith(request->text(), "plain:")) {
      recording.undigested = kSecrets;
    }
    return scaffold_.ServeChange(
        context, "Change", request, response,
        [this, request](Transaction&, const auth::Caller&,
                        v1::ChangeResponse& out) {
          out = Answer(*request);
          return absl::OkStatus();
        },
        std::move(recording));
  }

  grpc::ServerUnaryReactor* HandOffChange(
      grpc::CallbackServerContext* context, const v1::ChangeRequest* request,
      v1::ChangeResponse* response) override {
    return scaffold_.ServeRecordedSteps(
        context, "HandOffChange", *request, response,
        {.undigested = kSecrets,
         .principal = "key:" + request->nested().text()},
        [this, request](const auth::Caller&, RpcScaffold::Record record,
                        UnaryCallRunner::PendingCall call) {
          absl::StatusOr<bool> repeat = record.Replay();
          if (!repeat.ok() || *repeat) {
            return std::move(call).Finish(repeat.status());
          }
          ++hand_off_count_;
          absl::MutexLock lock(&mu_);
          hand_offs_.emplace_back([this, request, record = std::move(record),
                                   call = std::move(call)]() mutable {
            std::move(call).Continue(
                [this, request, record](UnaryCallRunner::PendingCall resumed) {
                  absl::StatusOr<bool> ran = record.Run(
                      [&](Transaction&)
                          -> absl::StatusOr<idempotency::Outcome> {
                        return idempotency::SameOutcome(Answer(*request));
                      });
                  std::move(resumed).Finish(ran.status());
                });
          });
        });
  }

  // The fact a peer answers, "fact-<n>" for its n-th look-up.
  grpc::ServerUnaryReactor* LookedUp(grpc::CallbackServerContext* context,
                                     const v1::ChangeRequest* request,
                                     v1::ChangeResponse* response) {
    return scaffold_.ServeLookedUpChange(
        context, "Change", request, response,
        [this](const auth::Caller&,
               const CallMetadata& call) -> absl::StatusOr<std::string> {
          const int n = ++look_ups_;
          {
            absl::MutexLock lock(&mu_);
            last_look_up_ = call;
          }
          if (peer_down_) return absl::UnavailableError("the peer is down");
          return "fact-" + std::to_string(n);
        },
        [this, request](Transaction&, const auth::Caller&,
                        const std::string& fact, v1::ChangeResponse& out) {
          out = Answer(*request);
          out.set_text(request->text() + "|" + fact);
          return absl::OkStatus();
        });
  }

  v1::ChangeResponse Answer(const v1::ChangeRequest& request) {
    v1::ChangeResponse out;
    out.set_text(request.text());
    out.set_run(++runs_);
    return out;
  }

  RpcScaffold scaffold_;
  std::atomic<int> runs_{0};
  std::atomic<int> hand_off_count_{0};
  std::atomic<int> look_ups_{0};
  std::atomic<bool> peer_down_{false};
  absl::Mutex mu_;
  CallMetadata last_look_up_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> hand_offs_ ABSL_GUARDED_BY(mu_);
};

class RpcScaffoldTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> migrations =
        idempotency::IdempotencyMigrations();
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
    recorder_ = std::make_unique<idempotency::IdempotentRunner>(&db(), &clock_);
    absl::StatusOr<auth::PolicyTable> policy = auth::PolicyTable::Create(
        v1::RecordedService::service_full_name(),
        {{"Change", auth::Access::Public()},
         {"HandOffChange", auth::Access::Public()}});
    ASSERT_THAT(policy.status(), IsOk());
    policy_ = std::make_unique<auth::PolicyTable>(*std::move(policy));
    // Public methods read no token: no authenticator is needed.
    authorizer_ =
        std::make_unique<auth::CallAuthorizer>(policy_.get(), nullptr);
    service_ = std::make_unique<RecordedEcho>(RpcScaffold::Options{
        .service = std::string(v1::RecordedService::service_full_name()),
        .authorizer = authorizer_.get(),
        .runner = &runner_,
        .recorder = recorder_.get()});
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {service_.get()}, &logger_);
    ASSERT_THAT(server.status(), IsOk());
    server_ = *std::move(server);
    stub_ = v1::RecordedService::NewStub(
        masar::testing::LocalChannel(server_->port()));
  }
  void TearDown() override {
    server_.reset();
    service_.reset();
    DatabaseTest::TearDown();
  }

  static v1::ChangeRequest Request(const std::string& request_id,
                                   const std::string& text,
                                   const std::string& secret,
                                   const std::string& nested_secret = "n") {
    v1::ChangeRequest request;
    request.set_request_id(request_id);
    request.set_text(text);
    request.set_secret(secret);
    request.mutable_nested()->set_text("k");
    request.mutable_nested()->set_secret(nested_secret);
    return request;
  }

  absl::Status Change(const v1::ChangeRequest& request,
                      v1::ChangeResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return FromGrpcStatus(stub_->Change(&context, request, response));
  }
  absl::Status ChangeWithRequestId(const v1::ChangeRequest& request,
                                  v1::ChangeResponse* response,
                                  const std::string& x_request_id,
                                  absl::Time deadline) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(deadline));
    context.AddMetadata("x-request-id", x_request_id);
    return FromGrpcStatus(stub_->Change(&context, request, response));
  }
  absl::Status HandOff(const v1::ChangeRequest& request,
                       v1::ChangeResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    return FromGrpcStatus(stub_->HandOffChange(&context, request, response));
  }

  static bool NamesRequestId(const absl::Status& status) {
    const std::vector<FieldViolation> violations = FieldViolations(status);
    return status.code() == absl::StatusCode::kInvalidArgument &&
           violations.size() == 1 && violations[0].field == "request_id";
  }

  FakeClock clock_;
  SystemClock system_clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &system_clock_};
  BoundedExecutor executor_{2, 8};
  UnaryCallRunner runner_{&executor_};
  std::unique_ptr<idempotency::IdempotentRunner> recorder_;
  std::unique_ptr<auth::PolicyTable> policy_;
  std::unique_ptr<auth::CallAuthorizer> authorizer_;
  std::unique_ptr<RecordedEcho> service_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::RecordedService::Stub> stub_;
};

TEST_P(RpcScaffoldTest, ARepeatGetsTheFirstAnswerWithoutRunningAgain) {
  v1::ChangeResponse first, repeat;
  ASSERT_THAT(Change(Request("r1", "a", "s"), &first), IsOk());
  ASSERT_THAT(Change(Request("r1", "a", "s"), &repeat), IsOk());
  EXPECT_EQ(first.run(), 1);
  EXPECT_EQ(repeat.run(), 1);
  EXPECT_EQ(service_->runs(), 1);
  // Without a request id every call runs.
  ASSERT_THAT(Change(Request("", "a", "s"), &repeat), IsOk());
  ASSERT_THAT(Change(Request("", "a", "s"), &repeat), IsOk());
  EXPECT_EQ(service_->runs(), 3);
}

TEST_P(RpcScaffoldTest, SecretsAreLeftOutOfTheDigestButTheRestCounts) {
  v1::ChangeResponse first, repeat, other;
  ASSERT_THAT(Change(Request("r1", "a", "s1", "n1"), &first), IsOk());
  // Another password or identifier with the same id is still a repeat.
  ASSERT_THAT(Change(Request("r1", "a", "s2", "n2"), &repeat), IsOk());
  EXPECT_EQ(repeat.run(), first.run());
  EXPECT_EQ(service_->runs(), 1);
  // Anything else that differs is another request under a used id.
  EXPECT_TRUE(NamesRequestId(Change(Request("r1", "b", "s1", "n1"), &other)));
  v1::ChangeRequest nested = Request("r1", "a", "s1", "n1");
  nested.mutable_nested()->set_text("other");
  EXPECT_TRUE(NamesRequestId(Change(nested, &other)));
  EXPECT_EQ(service_->runs(), 1);
}

TEST_P(RpcScaffoldTest, WithoutTheOptionASecretTellsRequestsApart) {
  v1::ChangeResponse first, other;
  ASSERT_THAT(Change(Request("r1", "plain:a", "s1"), &first), IsOk());
  EXPECT_TRUE(NamesRequestId(Change(Request("r1", "plain:a", "s2"), &other)));
  EXPECT_EQ(service_->runs(), 1);
}

TEST_P(RpcScaffoldTest, ARepeatIsAnsweredWithoutTheSecretShownOnce) {
  v1::ChangeResponse first, repeat;
  ASSERT_THAT(Change(Request("r1", "once:a", "s1"), &first), IsOk());
  EXPECT_EQ(first.secret(), "shown once");
  ASSERT_THAT(Change(Request("r1", "once:a", "s2"), &repeat), IsOk());
  EXPECT_EQ(repeat.secret(), "");
  EXPECT_EQ(repeat.text(), "once:a");
  EXPECT_EQ(repeat.run(), first.run());
  EXPECT_EQ(service_->runs(), 1);
}

TEST_P(RpcScaffoldTest, AHandedOffChangeIsRecordedAndARepeatSkipsTheHandOff) {
  v1::ChangeResponse first, repeat, other;
  ASSERT_THAT(HandOff(Request("r1", "a", "s1", "n1"), &first), IsOk());
  EXPECT_EQ(first.text(), "a");
  EXPECT_EQ(service_->hand_offs(), 1);
  // A repeat with other secrets is answered from the record before any
  // hand-off, as sign-up answers one without hashing the password again.
  ASSERT_THAT(HandOff(Request("r1", "a", "s2", "n2"), &repeat), IsOk());
  EXPECT_EQ(repeat.run(), first.run());
  EXPECT_EQ(service_->hand_offs(), 1);
  EXPECT_TRUE(NamesRequestId(HandOff(Request("r1", "b", "s1"), &other)));
  EXPECT_EQ(service_->hand_offs(), 1);
  EXPECT_EQ(service_->runs(), 1);
}

TEST_P(RpcScaffoldTest, TheRecordingsPrincipalKeysTheRecords) {
  v1::ChangeResponse first, second;
  v1::ChangeRequest request = Request("r1", "a", "s");
  ASSERT_THAT(HandOff(request, &first), IsOk());
  // The same id under another key is another call, not a misused id.
  request.mutable_nested()->set_text("another key");
  ASSERT_THAT(HandOff(request, &second), IsOk());
  EXPECT_NE(second.run(), first.run());
  EXPECT_EQ(service_->runs(), 2);
}

TEST_P(RpcScaffoldTest, ALookedUpChangeGetsItsFactsAndARepeatAsksNoOne) {
  v1::ChangeResponse first, repeat, other;
  ASSERT_THAT(Change(Request("r1", "lookup:a", "s"), &first), IsOk());
  EXPECT_EQ(first.text(), "lookup:a|fact-1");
  EXPECT_EQ(service_->look_ups(), 1);
  // A repeat is answered from the record before the look-up.
  ASSERT_THAT(Change(Request("r1", "lookup:a", "s"), &repeat), IsOk());
  EXPECT_EQ(repeat.text(), "lookup:a|fact-1");
  EXPECT_EQ(repeat.run(), first.run());
  // So is a misused id: refused without asking the peer.
  EXPECT_TRUE(NamesRequestId(Change(Request("r1", "lookup:b", "s"), &other)));
  EXPECT_EQ(service_->look_ups(), 1);
  EXPECT_EQ(service_->runs(), 1);
  // Without a request id every call asks and runs.
  ASSERT_THAT(Change(Request("", "lookup:a", "s"), &other), IsOk());
  EXPECT_EQ(other.text(), "lookup:a|fact-2");
  EXPECT_EQ(service_->runs(), 2);
}

TEST_P(RpcScaffoldTest, AFailedLookUpWritesNothingAndARetryRunsAfresh) {
  v1::ChangeResponse response;
  service_->set_peer_down(true);
  EXPECT_THAT(Change(Request("r1", "lookup:a", "s"), &response),
              ::masar::testing::StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(service_->runs(), 0);
  // Nothing was recorded under the id: the retry asks again and runs.
  service_->set_peer_down(false);
  ASSERT_THAT(Change(Request("r1", "lookup:a", "s"), &response), IsOk());
  EXPECT_EQ(response.text(), "lookup:a|fact-2");
  EXPECT_EQ(service_->runs(), 1);
}

TEST_P(RpcScaffoldTest, TheLookUpCarriesTheCallsRequestIdAndDeadline) {
  v1::ChangeResponse response;
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  ASSERT_THAT(ChangeWithRequestId(Request("r1", "lookup:a", "s"), &response,
                                  "req-42", deadline),
              IsOk());
  const CallMetadata seen = service_->last_look_up();
  EXPECT_EQ(seen.request_id, "req-42");
  EXPECT_EQ(seen.trace_id.size(), 32u);
  EXPECT_LE(seen.deadline, deadline + absl::Milliseconds(50));
  EXPECT_GT(seen.deadline, absl::Now());
}

INSTANTIATE_DATABASE_TEST_SUITE_P(RpcScaffoldTest);

}  // namespace
}  // namespace masar

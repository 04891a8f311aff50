#include "common/grpc/server.h"

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/impl/codegen/client_unary_call.h>

#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/echo_service.h"
#include "tests/testing/grpc_probe.h"

namespace masar {
namespace {

using ::masar::testing::CheckHealth;
using ::masar::testing::EchoService;
using ::masar::testing::IsOkAndHolds;
using ::masar::testing::ListServices;
using ::masar::testing::LocalChannel;
using ::masar::testing::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using HealthResponse = grpc::health::v1::HealthCheckResponse;

constexpr int kMaxMessageBytes = 64 * 1024;

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    options.port = 0;
    options.max_message_bytes = kMaxMessageBytes;
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(options, {&echo_}, &logger_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = LocalChannel(server_->port());
    stub_ = testing::v1::EchoService::NewStub(channel_);
  }

  grpc::Status Echo(const std::string& text, testing::v1::EchoResponse* out,
                    grpc::ClientContext* context) {
    testing::v1::EchoRequest request;
    request.set_text(text);
    return stub_->Echo(context, request, out);
  }

  grpc::Status Sleep(absl::Duration duration) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    testing::v1::SleepRequest request;
    request.mutable_duration()->set_seconds(absl::ToInt64Seconds(duration));
    request.mutable_duration()->set_nanos(static_cast<int>(
        absl::ToInt64Nanoseconds(duration % absl::Seconds(1))));
    testing::v1::SleepResponse response;
    return stub_->Sleep(&context, request, &response);
  }

  void WaitForSleepers(int count) {
    const absl::Time end = absl::Now() + absl::Seconds(20);
    while (echo_.sleeps_started() < count && absl::Now() < end) {
      absl::SleepFor(absl::Milliseconds(5));
    }
    ASSERT_EQ(echo_.sleeps_started(), count);
  }

  std::vector<nlohmann::json> LogLines(absl::string_view msg) {
    absl::MutexLock lock(&log_mu_);
    std::vector<nlohmann::json> out;
    for (absl::string_view line : absl::StrSplit(log_, '\n', absl::SkipEmpty())) {
      nlohmann::json parsed = nlohmann::json::parse(line);
      if (parsed["msg"] == std::string(msg)) out.push_back(parsed);
    }
    return out;
  }

  SystemClock clock_;
  absl::Mutex log_mu_;
  std::string log_ ABSL_GUARDED_BY(log_mu_);
  Logger logger_{[this](absl::string_view line) {
                   absl::MutexLock lock(&log_mu_);
                   log_.append(line.data(), line.size());
                 },
                 LogLevel::kDebug, &clock_};
  EchoService echo_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<testing::v1::EchoService::Stub> stub_;
};

TEST_F(ServerTest, HealthIsServingForTheServerAndEachHostedService) {
  StartServer();
  EXPECT_THAT(CheckHealth(*channel_, ""), IsOkAndHolds(HealthResponse::SERVING));
  EXPECT_THAT(CheckHealth(*channel_, "masar.testing.v1.EchoService"),
              IsOkAndHolds(HealthResponse::SERVING));
  EXPECT_THAT(CheckHealth(*channel_, "masar.identity.v1.IdentityService"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ServerTest, ReflectionListsHostedServices) {
  StartServer();
  EXPECT_THAT(ListServices(*channel_),
              IsOkAndHolds(ElementsAre("grpc.health.v1.Health",
                                       "grpc.reflection.v1alpha.ServerReflection",
                                       "masar.testing.v1.EchoService")));
}

TEST_F(ServerTest, OversizedMessageIsRefusedAndServerCarriesOn) {
  StartServer();
  testing::v1::EchoResponse response;
  grpc::ClientContext big;
  grpc::Status status = Echo(std::string(kMaxMessageBytes + 1, 'x'), &response,
                             &big);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message();
  grpc::ClientContext small;
  EXPECT_TRUE(Echo("still here", &response, &small).ok());
  EXPECT_EQ(response.text(), "still here");
}

TEST_F(ServerTest, CallerRequestIdIsKeptAndEchoed) {
  StartServer();
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "req-42");
  context.AddMetadata("traceparent",
                      "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01");
  testing::v1::EchoResponse response;
  ASSERT_TRUE(Echo("hi", &response, &context).ok());
  EXPECT_EQ(response.request_id(), "req-42");
  EXPECT_EQ(response.trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736");
  auto echoed = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "req-42");
}

TEST_F(ServerTest, MissingOrUnusableIdsAreGenerated) {
  StartServer();
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", std::string(200, 'a'));
  context.AddMetadata("traceparent", "garbage");
  context.AddMetadata("masar-trace-id", "spoofed");
  testing::v1::EchoResponse response;
  ASSERT_TRUE(Echo("hi", &response, &context).ok());
  EXPECT_TRUE(IsUuid(response.request_id())) << response.request_id();
  EXPECT_EQ(response.trace_id().size(), 32u);
  EXPECT_NE(response.trace_id(), "spoofed");
}

TEST_F(ServerTest, DefaultDeadlineAppliesOnlyWhenEarlier) {
  ServerOptions options;
  options.default_deadline = absl::Seconds(30);
  StartServer(options);

  const absl::Time before = absl::Now();
  grpc::ClientContext no_deadline;
  no_deadline.AddMetadata("masar-effective-deadline", "1");  // ignored
  testing::v1::EchoResponse response;
  ASSERT_TRUE(Echo("a", &response, &no_deadline).ok());
  const absl::Time effective =
      absl::FromUnixMicros(response.deadline_unix_micros());
  EXPECT_GE(effective, before + absl::Seconds(30));
  EXPECT_LE(effective, absl::Now() + absl::Seconds(30));

  grpc::ClientContext short_deadline;
  const absl::Time client_deadline = absl::Now() + absl::Seconds(5);
  short_deadline.set_deadline(absl::ToChronoTime(client_deadline));
  ASSERT_TRUE(Echo("b", &response, &short_deadline).ok());
  EXPECT_LE(absl::FromUnixMicros(response.deadline_unix_micros()),
            client_deadline + absl::Seconds(1))
      << "the wire carries a timeout, so the server's clock may add a little";
  EXPECT_GE(absl::FromUnixMicros(response.deadline_unix_micros()),
            client_deadline - absl::Seconds(1));
}

TEST_F(ServerTest, EveryCallWritesOneAccessLogLine) {
  StartServer();
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "req-log");
  testing::v1::EchoResponse response;
  ASSERT_TRUE(Echo("secret-looking text", &response, &context).ok());
  grpc::ClientContext big;
  Echo(std::string(kMaxMessageBytes + 1, 'x'), &response, &big);
  ASSERT_TRUE(CheckHealth(*channel_, "").ok());
  grpc::ClientContext unknown_context;
  grpc::Status unknown = grpc::internal::BlockingUnaryCall(
      channel_.get(),
      grpc::internal::RpcMethod("/masar.testing.v1.EchoService/Nope",
                                grpc::internal::RpcMethod::NORMAL_RPC),
      &unknown_context, testing::v1::EchoRequest(), &response);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  server_->Shutdown();  // every call has ended and logged

  std::vector<nlohmann::json> calls = LogLines("call");
  std::vector<std::string> summary;
  for (const nlohmann::json& line : calls) {
    summary.push_back(line["method"].get<std::string>() + " " +
                      line["code"].get<std::string>());
    EXPECT_TRUE(line.contains("duration_ms"));
    EXPECT_EQ(line["trace_id"].get<std::string>().size(), 32u) << line;
    EXPECT_FALSE(line["request_id"].get<std::string>().empty()) << line;
  }
  EXPECT_THAT(summary, Contains("/masar.testing.v1.EchoService/Echo OK"));
  EXPECT_THAT(summary, Contains("/grpc.health.v1.Health/Check OK"));
  EXPECT_THAT(summary, Contains("(unknown method) UNIMPLEMENTED"));
  bool found = false;
  for (const nlohmann::json& line : calls) {
    if (line["request_id"] == "req-log") {
      found = true;
      EXPECT_EQ(line["level"], "info");
    }
  }
  EXPECT_TRUE(found);
  absl::MutexLock lock(&log_mu_);
  EXPECT_EQ(log_.find("secret-looking text"), std::string::npos)
      << "request bodies are never logged";
}

TEST_F(ServerTest, ShutdownDrainsInFlightCallsAndRefusesNewOnes) {
  ServerOptions options;
  options.drain_timeout = absl::Seconds(30);
  StartServer(options);
  auto in_flight =
      std::async(std::launch::async, [&] { return Sleep(absl::Milliseconds(500)); });
  WaitForSleepers(1);

  // A Watch opened before shutdown sees NOT_SERVING.
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext watch_context;
  grpc::health::v1::HealthCheckRequest watch_request;
  auto watch = health->Watch(&watch_context, watch_request);
  HealthResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthResponse::SERVING);

  const absl::Time start = absl::Now();
  std::thread shutdown([&] { server_->Shutdown(); });
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthResponse::NOT_SERVING);
  watch_context.TryCancel();

  grpc::Status finished = in_flight.get();
  EXPECT_TRUE(finished.ok()) << finished.error_message();
  shutdown.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(25))
      << "drain waited for the cancelled watch only, not the full timeout";

  testing::v1::EchoResponse response;
  grpc::ClientContext after;
  after.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  EXPECT_FALSE(Echo("late", &response, &after).ok());
}

TEST_F(ServerTest, DrainTimeoutCancelsCallsThatOverrunIt) {
  ServerOptions options;
  options.drain_timeout = absl::Milliseconds(300);
  StartServer(options);
  auto in_flight =
      std::async(std::launch::async, [&] { return Sleep(absl::Seconds(60)); });
  WaitForSleepers(1);
  const absl::Time start = absl::Now();
  server_->Shutdown();
  EXPECT_LT(absl::Now() - start, absl::Seconds(20));
  EXPECT_FALSE(in_flight.get().ok());
}

TEST_F(ServerTest, TakenPortIsRefusedClearly) {
  StartServer();
  ServerOptions options;
  options.port = server_->port();
  EchoService other;
  absl::StatusOr<std::unique_ptr<Server>> second =
      Server::Start(options, {&other}, &logger_);
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kUnavailable,
                               ::testing::HasSubstr("cannot listen")));
}

}  // namespace
}  // namespace masar

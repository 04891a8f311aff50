#include "common/grpc/unary_call.h"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/client_context.h>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/grpc/server.h"
#include "common/grpc/status.h"
#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/testing/v1/echo_service.grpc.pb.h"
#include "tests/testing/grpc_probe.h"

namespace masar {
namespace {

namespace v1 = ::masar::testing::v1;

// Echo through the runner: "inline:..." inline, "handoff:..." handed to
// another thread and continued (as the password hasher's callback does),
// anything else blocking; "hold" blocks until the test releases it.
class RunnerEcho final : public HostedService,
                         private v1::EchoService::CallbackService {
 public:
  explicit RunnerEcho(BoundedExecutor* executor) : runner_(executor) {}
  ~RunnerEcho() override {
    absl::MutexLock lock(&mu_);
    for (std::thread& thread : hand_offs_) thread.join();
  }
  absl::string_view service_name() const override {
    return v1::EchoService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }
  absl::Notification& release() { return release_; }
  absl::Notification& held() { return held_; }
  int continued() const { return continued_; }

 private:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const v1::EchoRequest* request,
                                 v1::EchoResponse* response) override {
    if (absl::StartsWith(request->text(), "cached:")) {
      return runner_.InlineOrBlocking(
          context,
          [&](const CallContext&) -> std::optional<absl::Status> {
            if (request->text() != "cached:hit") return std::nullopt;
            response->set_text("from cache");
            return absl::OkStatus();
          },
          [request, response](const CallContext&) {
            response->set_text("from store");
            return absl::OkStatus();
          });
    }
    if (absl::StartsWith(request->text(), "handoff:")) {
      return runner_.Continued(context, [this, request, response](
                                            UnaryCallRunner::PendingCall call) {
        absl::MutexLock lock(&mu_);
        hand_offs_.emplace_back([this, request, response,
                                 call = std::move(call)]() mutable {
          if (request->text() == "handoff:drop") return;  // never finished
          if (request->text() == "handoff:late") {
            absl::SleepFor(absl::Milliseconds(300));
          }
          std::move(call).Continue(
              [this, request, response](UnaryCallRunner::PendingCall resumed) {
                ++continued_;
                response->set_text("continued " + request->text());
                std::move(resumed).Finish(absl::OkStatus());
              });
        });
      });
    }
    if (absl::StartsWith(request->text(), "inline:")) {
      return runner_.Inline(context, [&](const CallContext& call) {
        response->set_text(request->text());
        response->set_request_id(call.request_id);
        return absl::OkStatus();
      });
    }
    return runner_.Blocking(
        context, [this, request, response](const CallContext& call) {
          if (request->text() == "hold") {
            held_.Notify();
            release_.WaitForNotification();
          }
          if (request->text() == "fail") {
            return InvalidArgumentError("text", "must not be fail");
          }
          response->set_text(request->text());
          response->set_request_id(call.request_id);
          return absl::OkStatus();
        });
  }

  UnaryCallRunner runner_;
  absl::Notification release_, held_;
  std::atomic<int> continued_{0};
  absl::Mutex mu_;
  std::vector<std::thread> hand_offs_ ABSL_GUARDED_BY(mu_);
};

class UnaryCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {&service_}, &logger_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::EchoService::NewStub(masar::testing::LocalChannel(server_->port()));
  }
  void TearDown() override {
    if (!service_.release().HasBeenNotified()) service_.release().Notify();
    server_.reset();
  }

  absl::Status Echo(const std::string& text, v1::EchoResponse* response,
                    absl::Duration timeout = absl::Seconds(30)) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
    v1::EchoRequest request;
    request.set_text(text);
    return FromGrpcStatus(stub_->Echo(&context, request, response));
  }

  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  BoundedExecutor executor_{1, 1};
  RunnerEcho service_{&executor_};
  std::unique_ptr<Server> server_;
  std::unique_ptr<v1::EchoService::Stub> stub_;
};

TEST_F(UnaryCallTest, BlockingAndInlineWorkAnswer) {
  v1::EchoResponse response;
  ASSERT_TRUE(Echo("hello", &response).ok());
  EXPECT_EQ(response.text(), "hello");
  EXPECT_FALSE(response.request_id().empty());
  ASSERT_TRUE(Echo("inline:hi", &response).ok());
  EXPECT_EQ(response.text(), "inline:hi");
}

TEST_F(UnaryCallTest, AHitAnswersInlineAndAMissGoesToTheExecutor) {
  v1::EchoResponse response;
  ASSERT_TRUE(Echo("cached:hit", &response).ok());
  EXPECT_EQ(response.text(), "from cache");
  ASSERT_TRUE(Echo("cached:miss", &response).ok());
  EXPECT_EQ(response.text(), "from store");
}

TEST_F(UnaryCallTest, WorkErrorsKeepTheirFields) {
  v1::EchoResponse response;
  absl::Status status = Echo("fail", &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolations(status).size(), 1u);
  EXPECT_EQ(FieldViolations(status)[0].field, "text");
}

TEST_F(UnaryCallTest, AFullExecutorRefusesAtOnceWithARetryDelay) {
  v1::EchoResponse held_response, queued_response, response;
  auto held = std::async(std::launch::async,
                         [&] { return Echo("hold", &held_response); });
  service_.held().WaitForNotificationWithTimeout(absl::Seconds(20));
  // The one thread is busy; one call fits in the queue.
  auto queued = std::async(std::launch::async,
                           [&] { return Echo("queued", &queued_response); });
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (executor_.queued() < 1 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  absl::Status refused = Echo("one too many", &response);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(RetryDelay(refused).has_value());
  // Inline work and cache hits do not need the executor.
  EXPECT_TRUE(Echo("inline:still served", &response).ok());
  EXPECT_TRUE(Echo("cached:hit", &response).ok());
  EXPECT_EQ(Echo("cached:miss", &response).code(),
            absl::StatusCode::kResourceExhausted);
  service_.release().Notify();
  EXPECT_TRUE(held.get().ok());
  EXPECT_TRUE(queued.get().ok());
}

TEST_F(UnaryCallTest, WorkWhoseDeadlinePassedInTheQueueIsNotRun) {
  v1::EchoResponse held_response, response;
  auto held = std::async(std::launch::async,
                         [&] { return Echo("hold", &held_response); });
  service_.held().WaitForNotificationWithTimeout(absl::Seconds(20));
  auto late = std::async(std::launch::async, [&] {
    return Echo("late", &response, absl::Milliseconds(200));
  });
  absl::SleepFor(absl::Milliseconds(400));
  service_.release().Notify();
  EXPECT_EQ(late.get().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(held.get().ok());
  EXPECT_TRUE(response.text().empty()) << "the late work did not run";
}

TEST_F(UnaryCallTest, AHandedOffCallContinuesOnTheExecutor) {
  v1::EchoResponse response;
  ASSERT_TRUE(Echo("handoff:ok", &response).ok());
  EXPECT_EQ(response.text(), "continued handoff:ok");
  EXPECT_EQ(service_.continued(), 1);
}

TEST_F(UnaryCallTest, AContinuationPastTheDeadlineIsNotRun) {
  v1::EchoResponse response;
  EXPECT_EQ(Echo("handoff:late", &response, absl::Milliseconds(100)).code(),
            absl::StatusCode::kDeadlineExceeded);
  // The hand-off comes back after 300 ms, past the deadline.
  absl::SleepFor(absl::Milliseconds(600));
  EXPECT_EQ(service_.continued(), 0);
  ASSERT_TRUE(Echo("handoff:after", &response).ok());
  EXPECT_EQ(service_.continued(), 1);
}

TEST_F(UnaryCallTest, ADroppedContinuationFinishesTheCallInternal) {
  v1::EchoResponse response;
  EXPECT_EQ(Echo("handoff:drop", &response).code(),
            absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace masar

#include "common/grpc/rpc_metrics.h"

#include <memory>
#include <string>

#include <grpcpp/client_context.h>

#include "common/grpc/server.h"
#include "common/metrics/registry.h"
#include "common/metrics/text_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/echo_service.h"
#include "tests/testing/grpc_probe.h"

namespace masar {
namespace {

using ::masar::testing::CheckHealth;
using ::masar::testing::EchoService;
using ::masar::testing::LocalChannel;
using ::testing::HasSubstr;
using ::testing::Not;

class RpcMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.metrics = &registry_;
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(options, {&echo_}, &logger_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = LocalChannel(server_->port());
    stub_ = testing::v1::EchoService::NewStub(channel_);
  }

  grpc::Status Echo() {
    grpc::ClientContext context;
    testing::v1::EchoRequest request;
    testing::v1::EchoResponse response;
    return stub_->Echo(&context, request, &response);
  }

  std::string Text() const { return metrics::WriteText(registry_.Collect()); }

  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  metrics::Registry registry_;
  EchoService echo_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<testing::v1::EchoService::Stub> stub_;
};

TEST_F(RpcMetricsTest, CountsCallsByServiceMethodAndCode) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Echo().ok());
  ASSERT_FALSE(CheckHealth(*channel_, "no.such.Service").ok());
  const std::string text = Text();
  EXPECT_THAT(text, HasSubstr("masar_rpc_calls_total{service=\"masar.testing."
                              "v1.EchoService\",method=\"Echo\",code=\"OK\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("masar_rpc_calls_total{service=\"grpc.health.v1."
                              "Health\",method=\"Check\",code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("masar_rpc_duration_seconds_count{service=\"masar."
                              "testing.v1.EchoService\",method=\"Echo\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("masar_rpc_duration_seconds_bucket{service=\"masar."
                              "testing.v1.EchoService\",method=\"Echo\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("masar_rpc_in_flight{service=\"masar.testing.v1."
                              "EchoService\"} 0\n"));
  // A method's series exists before its first call; no code was seen for
  // Sleep, so it has no count yet.
  EXPECT_THAT(text, HasSubstr("masar_rpc_duration_seconds_count{service=\"masar."
                              "testing.v1.EchoService\",method=\"Sleep\"} 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("method=\"Sleep\",code=")));
}

TEST_F(RpcMetricsTest, OneSeriesForEveryUnknownMethod) {
  metrics::Registry registry;
  RpcMetrics own(registry, {});
  RpcMetrics* metrics = &own;
  EXPECT_EQ(metrics->Find("/a.B/C"), metrics->Find("/x.Y/Z"));
  EXPECT_EQ(metrics->Find(nullptr), metrics->Find("/a.B/C"));
  EXPECT_EQ(metrics->Find("/grpc.health.v1.Health/Check"),
            metrics->Find("/grpc.health.v1.Health/Check"));
  EXPECT_NE(metrics->Find("/grpc.health.v1.Health/Check"),
            metrics->Find("/a.B/C"));
}

}  // namespace
}  // namespace masar

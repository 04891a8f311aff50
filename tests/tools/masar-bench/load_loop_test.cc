#include "tools/masar-bench/load_loop.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/testing/v1/echo_service.pb.h"
#include "tests/tools/masar-bench/echo_server_test.h"

namespace masar::bench {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

constexpr char kEcho[] = "/masar.testing.v1.EchoService/Echo";

class LoadLoopTest : public EchoServerTest {
 protected:
  LoadSpec Spec(absl::string_view method) const {
    masar::testing::v1::EchoRequest request;
    request.set_text("hello");
    LoadSpec spec;
    spec.target = target();
    spec.method_path = std::string(method);
    spec.request_bytes = request.SerializeAsString();
    spec.concurrency = 8;
    spec.connections = 2;
    spec.warmup = absl::Milliseconds(200);
    spec.duration = absl::Milliseconds(800);
    return spec;
  }
};

TEST_F(LoadLoopTest, DurationRunCountsEveryMeasuredCall) {
  absl::StatusOr<RunResult> result = RunLoad(Spec(kEcho));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_GT(result->calls, 0u);
  EXPECT_EQ(result->ok, result->calls);
  EXPECT_TRUE(result->errors.empty());
  EXPECT_EQ(result->latency_us.count(), result->calls);
  EXPECT_GT(result->response_bytes, 0u);
  EXPECT_GT(result->elapsed, absl::ZeroDuration());
  EXPECT_GT(result->calls_per_second(), 0);
}

TEST_F(LoadLoopTest, CountRunMakesExactlyThatManyMeasuredCalls) {
  LoadSpec spec = Spec(kEcho);
  spec.count = 500;
  absl::StatusOr<RunResult> result = RunLoad(spec);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->calls, 500u);
  EXPECT_EQ(result->ok, 500u);
  EXPECT_EQ(result->latency_us.count(), 500u);
}

TEST_F(LoadLoopTest, ErrorsAreCountedUnderTheirCode) {
  // The echo server does not host the identity service.
  LoadSpec spec = Spec("/masar.identity.v1.IdentityService/GetUser");
  spec.count = 200;
  absl::StatusOr<RunResult> result = RunLoad(spec);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->calls, 200u);
  EXPECT_EQ(result->ok, 0u);
  EXPECT_THAT(result->errors, ElementsAre(Pair("UNIMPLEMENTED", 200u)));
  EXPECT_EQ(result->latency_us.count(), 200u);
}

}  // namespace
}  // namespace masar::bench

#ifndef MASAR_TESTS_TOOLS_MASAR_BENCH_ECHO_SERVER_TEST_H_
#define MASAR_TESTS_TOOLS_MASAR_BENCH_ECHO_SERVER_TEST_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/grpc/server.h"
#include "common/log/logger.h"
#include "gtest/gtest.h"
#include "tests/testing/echo_service.h"

namespace masar::bench {

// A fixture serving masar.testing.v1.EchoService in-process on a free port.
class EchoServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Server>> server =
        Server::Start(ServerOptions{}, {&echo_}, &logger_);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::string target() const {
    return absl::StrCat("127.0.0.1:", server_->port());
  }

  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  masar::testing::EchoService echo_;
  std::unique_ptr<Server> server_;
};

}  // namespace masar::bench

#endif  // MASAR_TESTS_TOOLS_MASAR_BENCH_ECHO_SERVER_TEST_H_

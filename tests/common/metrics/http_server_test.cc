#include "common/metrics/http_server.h"

#include <httplib.h>

#include "common/metrics/registry.h"
#include "gtest/gtest.h"

namespace masar::metrics {
namespace {

TEST(MetricsHttpServerTest, ServesTheRegistryOnAFreePort) {
  Registry registry;
  registry.AddCounter("probe_total", "Probes.", {})->Get({})->Increment(7);
  absl::StatusOr<std::unique_ptr<HttpServer>> server =
      HttpServer::Start("127.0.0.1", 0, &registry);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);

  httplib::Client client("127.0.0.1", (*server)->port());
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(result->body.find("probe_total 7\n"), std::string::npos)
      << result->body;
  EXPECT_EQ(client.Get("/other")->status, 404);
}

TEST(MetricsHttpServerTest, RefusesATakenPort) {
  Registry registry;
  absl::StatusOr<std::unique_ptr<HttpServer>> first =
      HttpServer::Start("127.0.0.1", 0, &registry);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::unique_ptr<HttpServer>> second =
      HttpServer::Start("127.0.0.1", (*first)->port(), &registry);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace masar::metrics

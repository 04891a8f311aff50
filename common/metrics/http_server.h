#ifndef MASAR_COMMON_METRICS_HTTP_SERVER_H_
#define MASAR_COMMON_METRICS_HTTP_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "common/metrics/registry.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace masar::metrics {

// Serves `registry` in Prometheus text format on GET /metrics over plain
// HTTP (cpp-httplib), on its own thread, until destroyed.
class HttpServer {
 public:
  // Listens on `host`:`port` (0 picks a free port; port() tells which).
  // `registry` must outlive the server.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const std::string& host, int port, const Registry* registry);

  // Stops listening and joins the serving thread.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }

 private:
  HttpServer(std::unique_ptr<httplib::Server> server, int port);

  std::unique_ptr<httplib::Server> server_;
  const int port_;
  std::thread thread_;
};

}  // namespace masar::metrics

#endif  // MASAR_COMMON_METRICS_HTTP_SERVER_H_

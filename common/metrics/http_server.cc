#include "common/metrics/http_server.h"

#include <httplib.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/metrics/text_format.h"

namespace masar::metrics {

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const std::string& host, int port, const Registry* registry) {
  auto server = std::make_unique<httplib::Server>();
  // cpp-httplib's default is SO_REUSEPORT, with which a second process on
  // a taken port would share it silently; SO_REUSEADDR alone still allows a
  // quick restart.
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server->Get("/metrics", [registry](const httplib::Request&,
                                     httplib::Response& response) {
    response.set_content(WriteText(registry->Collect()),
                         kTextFormatContentType);
  });
  int bound = port;
  if (port == 0) {
    bound = server->bind_to_any_port(host);
  } else if (!server->bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen for metrics on ", host, ":", port,
                     ": the address is in use or invalid"));
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(server), bound));
}

HttpServer::HttpServer(std::unique_ptr<httplib::Server> server, int port)
    : server_(std::move(server)), port_(port) {
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() does nothing until the loop runs: wait, so that the destructor
  // never joins a server it could not stop.
  while (!server_->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

HttpServer::~HttpServer() {
  server_->stop();
  thread_.join();
}

}  // namespace masar::metrics

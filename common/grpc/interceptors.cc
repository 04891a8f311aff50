#include "common/grpc/interceptors.h"

#include <chrono>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/call_context.h"
#include "common/grpc/rpc_metrics.h"
#include "common/ids/ids.h"

namespace masar {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;
using grpc::experimental::ServerRpcInfo;

constexpr std::size_t kMaxRequestIdLength = 128;

bool UsableRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!absl::ascii_isgraph(c)) return false;
  }
  return true;
}

// "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>"; empty if malformed.
std::string TraceIdFromTraceParent(absl::string_view header) {
  if (header.size() < 55 || header[2] != '-' || header[35] != '-') return "";
  absl::string_view trace_id = header.substr(3, 32);
  for (char c : trace_id) {
    if (!absl::ascii_isxdigit(c)) return "";
  }
  if (trace_id == std::string(32, '0')) return "";
  return absl::AsciiStrToLower(trace_id);
}

class CallContextInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallContextInterceptor(ServerRpcInfo* info, absl::Duration default_deadline)
      : info_(info), default_deadline_(default_deadline) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Establish(methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader,
                                                 request_id_);
    }
    methods->Proceed();
  }

 private:
  using Metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

  static std::string Take(Metadata* metadata, const char* key) {
    std::string value;
    auto it = metadata->find(key);
    if (it != metadata->end()) value.assign(it->second.data(), it->second.size());
    metadata->erase(key);
    return value;
  }

  void Establish(Metadata* metadata) {
    request_id_ = Take(metadata, kRequestIdHeader);
    if (!UsableRequestId(request_id_)) request_id_ = NewUuid();
    auto traceparent = metadata->find(kTraceParentHeader);
    if (traceparent != metadata->end()) {
      trace_id_ = TraceIdFromTraceParent(absl::string_view(
          traceparent->second.data(), traceparent->second.size()));
    }
    if (trace_id_.empty()) trace_id_ = RandomHex(16);
    metadata->erase(kTraceIdKey);
    metadata->erase(kEffectiveDeadlineKey);

    absl::Time deadline = absl::Now() + default_deadline_;
    const auto client_deadline = info_->server_context()->deadline();
    if (client_deadline != std::chrono::system_clock::time_point::max()) {
      deadline = std::min(deadline, absl::FromChrono(client_deadline));
    }
    deadline_micros_ = absl::StrCat(absl::ToUnixMicros(deadline));

    // The map holds references: the strings live as long as this
    // interceptor, which lives as long as the call.
    metadata->emplace(kRequestIdHeader, request_id_);
    metadata->emplace(kTraceIdKey, trace_id_);
    metadata->emplace(kEffectiveDeadlineKey, deadline_micros_);
  }

  ServerRpcInfo* info_;
  absl::Duration default_deadline_;
  std::string request_id_;
  std::string trace_id_;
  std::string deadline_micros_;
};

class CallContextInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallContextInterceptorFactory(absl::Duration default_deadline)
      : default_deadline_(default_deadline) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override {
    return new CallContextInterceptor(info, default_deadline_);
  }

 private:
  absl::Duration default_deadline_;
};

class AccessLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  AccessLogInterceptor(ServerRpcInfo* info, Logger* logger,
                       RpcMetrics::Method* metrics)
      : info_(info), logger_(logger), metrics_(metrics), start_(absl::Now()) {
    if (metrics_ != nullptr) metrics_->Start();
  }

  ~AccessLogInterceptor() override {
    if (metrics_ != nullptr && !counted_) {
      metrics_->Finish(grpc::StatusCode::CANCELLED, Seconds());
    }
    // gRPC gives no usable name for a method no service registers.
    const char* raw = info_->method();
    const absl::string_view method =
        raw != nullptr && raw[0] == '/' ? raw : "(unknown method)";
    const LogLevel level = absl::StartsWith(method, "/grpc.health.")
                               ? LogLevel::kDebug
                               : LogLevel::kInfo;
    if (!logger_->Enabled(level)) return;
    logger_->Log(level, "call",
                 {{"method", method},
                  {"code", code_},
                  {"duration_ms",
                   absl::ToDoubleMilliseconds(absl::Now() - start_)},
                  {"request_id", call_.request_id},
                  {"trace_id", call_.trace_id}});
  }

  void Intercept(InterceptorBatchMethods* methods) override {
    // gRPC runs receive hooks in reverse order of registration, so the
    // call context is complete only once the call sends something; a call
    // cancelled before that keeps what the client sent.
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA) ||
        methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      call_ = GetCallContext(*info_->server_context());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::StatusCode code = methods->GetSendStatus().error_code();
      code_ = GrpcCodeName(code);
      // Counted as the status goes out, before the client can see it, so
      // that a scrape after a call's answer always includes the call.
      if (metrics_ != nullptr) {
        metrics_->Finish(code, Seconds());
        counted_ = true;
      }
    }
    methods->Proceed();
  }

 private:
  double Seconds() const { return absl::ToDoubleSeconds(absl::Now() - start_); }

  ServerRpcInfo* info_;
  Logger* logger_;
  RpcMetrics::Method* metrics_;
  absl::Time start_;
  bool counted_ = false;
  CallContext call_;
  // A call that ends without sending a status was cancelled.
  absl::string_view code_ = "CANCELLED";
};

class AccessLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  AccessLogInterceptorFactory(Logger* logger, RpcMetrics* metrics)
      : logger_(logger), metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      ServerRpcInfo* info) override {
    return new AccessLogInterceptor(
        info, logger_,
        metrics_ != nullptr ? metrics_->Find(info->method()) : nullptr);
  }

 private:
  Logger* logger_;
  RpcMetrics* metrics_;
};

}  // namespace

absl::string_view GrpcCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeCallContextInterceptorFactory(absl::Duration default_deadline) {
  return std::make_unique<CallContextInterceptorFactory>(default_deadline);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeAccessLogInterceptorFactory(Logger* logger, RpcMetrics* metrics) {
  return std::make_unique<AccessLogInterceptorFactory>(logger, metrics);
}

}  // namespace masar

#include "common/grpc/rpc_metrics.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/interceptors.h"

namespace masar {
namespace {

constexpr absl::string_view kUnknown = "unknown";

}  // namespace

RpcMetrics::RpcMetrics(metrics::Registry& registry,
                       const std::vector<std::string>& services)
    : calls_(registry.AddCounter(
          "masar_rpc_calls_total",
          "RPCs finished, by service, method and gRPC status code.",
          {"service", "method", "code"})),
      duration_(registry.AddHistogram(
          "masar_rpc_duration_seconds",
          "Time from a call's arrival to its end, seconds.",
          {"service", "method"}, metrics::LatencyBucketsSeconds())),
      in_flight_(registry.AddGauge("masar_rpc_in_flight",
                                   "RPCs started and not yet finished.",
                                   {"service"})) {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method = service->method(i)->name();
      hosted_[absl::StrCat("/", name, "/", method)] = MakeMethod(name, method);
    }
  }
}

std::unique_ptr<RpcMetrics::Method> RpcMetrics::MakeMethod(
    std::string service, std::string method) const {
  auto m = std::make_unique<Method>();
  m->owner_ = this;
  m->duration_ = duration_->Get({service, method});
  m->in_flight_ = in_flight_->Get({service});
  m->service_ = std::move(service);
  m->method_ = std::move(method);
  return m;
}

RpcMetrics::Method* RpcMetrics::Find(const char* path) {
  const absl::string_view view = path == nullptr ? "" : path;
  if (auto it = hosted_.find(view); it != hosted_.end()) {
    return it->second.get();
  }
  absl::string_view service = kUnknown;
  absl::string_view method = kUnknown;
  const std::size_t slash = view.rfind('/');
  if (!view.empty() && view[0] == '/' && slash != 0 &&
      slash != absl::string_view::npos && slash + 1 < view.size()) {
    service = view.substr(1, slash - 1);
    method = view.substr(slash + 1);
  }
  // One series per known service's method; everything else that no
  // service registers shares one, so that a scanner cannot grow the set.
  const bool known = service.find('/') == absl::string_view::npos &&
                     (absl::StartsWith(service, "grpc.health.") ||
                      absl::StartsWith(service, "grpc.reflection."));
  const std::string key =
      known ? std::string(view) : std::string(kUnknown);
  absl::MutexLock lock(&mu_);
  std::unique_ptr<Method>& m = others_[key];
  if (m == nullptr) {
    m = known ? MakeMethod(std::string(service), std::string(method))
              : MakeMethod(std::string(kUnknown), std::string(kUnknown));
  }
  return m.get();
}

void RpcMetrics::Method::Finish(grpc::StatusCode code, double seconds) {
  const int index = static_cast<int>(code);
  if (index >= 0 && index < kCodes) {
    metrics::Counter* counter =
        calls_[index].load(std::memory_order_acquire);
    if (counter == nullptr) {
      // Family::Get returns the same series to racing callers.
      counter = owner_->calls_->Get(
          {service_, method_, std::string(GrpcCodeName(code))});
      calls_[index].store(counter, std::memory_order_release);
    }
    counter->Increment();
  }
  duration_->Observe(seconds);
  in_flight_->Decrement();
}

}  // namespace masar

#ifndef MASAR_COMMON_GRPC_RPC_METRICS_H_
#define MASAR_COMMON_GRPC_RPC_METRICS_H_

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/support/status.h>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/metrics/registry.h"

namespace masar {

// Every call's count by service, method and code, its latency, and the
// calls in flight per service, counted by the server's access-log
// interceptor (MakeAccessLogInterceptorFactory): the one place every call
// passes once, including calls that never reach a
// handler's UnaryCallRunner (unknown methods, health, reflection, calls
// refused before their work runs), and where the final status code is
// known. Counting touches only sharded atomics: the series of the hosted
// services' methods are made at start-up, so a call takes no lock.
class RpcMetrics {
 public:
  // Registers masar_rpc_calls_total, masar_rpc_duration_seconds and
  // masar_rpc_in_flight in `registry` (which must outlive this), with the
  // series of every method of `services` (fully qualified protobuf service
  // names) made in advance.
  RpcMetrics(metrics::Registry& registry,
             const std::vector<std::string>& services);

  // The series of one method.
  class Method {
   public:
    void Start() { in_flight_->Increment(); }
    void Finish(grpc::StatusCode code, double seconds);

   private:
    friend class RpcMetrics;
    static constexpr int kCodes = 17;
    const RpcMetrics* owner_;
    std::string service_;
    std::string method_;
    // By code, made on the code's first call.
    std::array<std::atomic<metrics::Counter*>, kCodes> calls_{};
    metrics::Histogram* duration_;
    metrics::Gauge* in_flight_;
  };

  // The method at `path` ("/package.Service/Method"; null or malformed for
  // a method no service registers).
  Method* Find(const char* path);

 private:
  std::unique_ptr<Method> MakeMethod(std::string service,
                                     std::string method) const;

  metrics::Family<metrics::Counter>* calls_;
  metrics::Family<metrics::Histogram>* duration_;
  metrics::Family<metrics::Gauge>* in_flight_;
  // Written only by the constructor: read without a lock.
  absl::flat_hash_map<std::string, std::unique_ptr<Method>> hosted_;
  absl::Mutex mu_;
  // Health, reflection and unknown methods, made on first sight.
  absl::flat_hash_map<std::string, std::unique_ptr<Method>> others_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_RPC_METRICS_H_

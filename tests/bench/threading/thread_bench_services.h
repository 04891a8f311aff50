#ifndef MASAR_TESTS_BENCH_THREADING_THREAD_BENCH_SERVICES_H_
#define MASAR_TESTS_BENCH_THREADING_THREAD_BENCH_SERVICES_H_

#include "absl/strings/string_view.h"
#include "common/cache/cache.h"
#include "common/grpc/hosted_service.h"
#include "common/grpc/unary_call.h"
#include "masar/threadbench/v1/thread_bench_service.grpc.pb.h"
#include "tests/bench/threading/row_store.h"

namespace masar::threadbench {

// Where a callback-API method runs its read.
enum class Placement {
  kInline,    // in the reaction, on gRPC's callback thread
  kExecutor,  // on the BoundedExecutor, through UnaryCallRunner::Blocking
};

// ThreadBenchService on the callback API. `store`, `cache` and `runner`
// must outlive it.
class CallbackThreadBenchService final
    : public HostedService,
      private v1::ThreadBenchService::CallbackService {
 public:
  CallbackThreadBenchService(RowStore* store, cache::Cache* cache,
                             UnaryCallRunner* runner, Placement sql,
                             Placement cached)
      : store_(store), cache_(cache), runner_(runner), sql_(sql),
        cached_(cached) {}

  absl::string_view service_name() const override {
    return v1::ThreadBenchService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

 private:
  grpc::ServerUnaryReactor* GetRow(grpc::CallbackServerContext* context,
                                   const v1::GetRowRequest* request,
                                   v1::GetRowResponse* response) override;
  grpc::ServerUnaryReactor* GetCachedRow(
      grpc::CallbackServerContext* context,
      const v1::GetCachedRowRequest* request,
      v1::GetCachedRowResponse* response) override;

  template <typename Work>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context,
                                Placement placement, Work work);

  RowStore* store_;
  cache::Cache* cache_;
  UnaryCallRunner* runner_;
  const Placement sql_;
  const Placement cached_;
};

// ThreadBenchService on the synchronous API: every read runs in the handler,
// on one of the server's sync threads.
class SyncThreadBenchService final : public HostedService,
                                     private v1::ThreadBenchService::Service {
 public:
  SyncThreadBenchService(RowStore* store, cache::Cache* cache)
      : store_(store), cache_(cache) {}

  absl::string_view service_name() const override {
    return v1::ThreadBenchService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

 private:
  grpc::Status GetRow(grpc::ServerContext* context,
                      const v1::GetRowRequest* request,
                      v1::GetRowResponse* response) override;
  grpc::Status GetCachedRow(grpc::ServerContext* context,
                            const v1::GetCachedRowRequest* request,
                            v1::GetCachedRowResponse* response) override;

  RowStore* store_;
  cache::Cache* cache_;
};

}  // namespace masar::threadbench

#endif  // MASAR_TESTS_BENCH_THREADING_THREAD_BENCH_SERVICES_H_

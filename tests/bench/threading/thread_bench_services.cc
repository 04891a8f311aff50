#include "tests/bench/threading/thread_bench_services.h"

#include "common/grpc/status.h"
#include "common/status/status_macros.h"

namespace masar::threadbench {
namespace {

absl::Status ReadRow(RowStore& store, int64_t id, v1::Row& row) {
  ASSIGN_OR_RETURN(row, store.Read(id));
  return absl::OkStatus();
}

absl::Status ReadCachedRow(cache::Cache& cache, int64_t id, v1::Row& row) {
  ASSIGN_OR_RETURN(std::string bytes, cache.Get(RowStore::CacheKey(id)));
  if (!row.ParseFromString(bytes)) {
    return absl::InternalError("a cached row does not parse");
  }
  return absl::OkStatus();
}

}  // namespace

// Both placements take the same lambda, so the inline path pays for no
// type-erased wrapper the executor path does not also pay for.
template <typename Work>
grpc::ServerUnaryReactor* CallbackThreadBenchService::Run(
    grpc::CallbackServerContext* context, Placement placement, Work work) {
  if (placement == Placement::kExecutor) {
    return runner_->Blocking(context, std::move(work));
  }
  return runner_->Inline(context, work);
}

grpc::ServerUnaryReactor* CallbackThreadBenchService::GetRow(
    grpc::CallbackServerContext* context, const v1::GetRowRequest* request,
    v1::GetRowResponse* response) {
  return Run(context, sql_, [this, request, response](const CallContext&) {
    return ReadRow(*store_, request->id(), *response->mutable_row());
  });
}

grpc::ServerUnaryReactor* CallbackThreadBenchService::GetCachedRow(
    grpc::CallbackServerContext* context,
    const v1::GetCachedRowRequest* request,
    v1::GetCachedRowResponse* response) {
  return Run(context, cached_, [this, request, response](const CallContext&) {
    return ReadCachedRow(*cache_, request->id(), *response->mutable_row());
  });
}

grpc::Status SyncThreadBenchService::GetRow(grpc::ServerContext*,
                                            const v1::GetRowRequest* request,
                                            v1::GetRowResponse* response) {
  return ToGrpcStatus(ReadRow(*store_, request->id(), *response->mutable_row()));
}

grpc::Status SyncThreadBenchService::GetCachedRow(
    grpc::ServerContext*, const v1::GetCachedRowRequest* request,
    v1::GetCachedRowResponse* response) {
  return ToGrpcStatus(
      ReadCachedRow(*cache_, request->id(), *response->mutable_row()));
}

}  // namespace masar::threadbench

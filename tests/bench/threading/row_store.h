#ifndef MASAR_TESTS_BENCH_THREADING_ROW_STORE_H_
#define MASAR_TESTS_BENCH_THREADING_ROW_STORE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/cache/cache.h"
#include "common/sql/database.h"
#include "masar/threadbench/v1/thread_bench_service.pb.h"

namespace masar::threadbench {

struct RowStoreOptions {
  // SQLite file (WAL); seeded with `rows` rows when it holds fewer.
  std::string sqlite_path;
  int rows = 10'000;
  // Reader connections: at least as many as threads that read at once.
  int pool_size = 8;
  // Every `slow_every`-th read (0: none) sleeps `slow_sleep` first, the
  // stand-in for a slow query or a lock wait.
  int slow_every = 0;
  absl::Duration slow_sleep = absl::Milliseconds(20);
};

// The rows the benchmark reads, in SQLite and in a cache.
class RowStore {
 public:
  static absl::StatusOr<std::unique_ptr<RowStore>> Open(
      const RowStoreOptions& options);

  // Blocks: one SELECT by primary key (and the sleep of a slow read).
  absl::StatusOr<v1::Row> Read(int64_t id);

  // Copies every row into `cache` under CacheKey(id), serialized.
  absl::Status Warm(cache::Cache& cache);

  static std::string CacheKey(int64_t id);

 private:
  RowStore(std::unique_ptr<sql::Database> db, const RowStoreOptions& options)
      : db_(std::move(db)), options_(options) {}

  absl::Status Seed();
  absl::StatusOr<v1::Row> Select(int64_t id);

  std::unique_ptr<sql::Database> db_;
  const RowStoreOptions options_;
  std::atomic<int64_t> reads_{0};
};

}  // namespace masar::threadbench

#endif  // MASAR_TESTS_BENCH_THREADING_ROW_STORE_H_

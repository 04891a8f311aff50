#include "tests/bench/threading/row_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status/status_macros.h"

namespace masar::threadbench {

absl::StatusOr<std::unique_ptr<RowStore>> RowStore::Open(
    const RowStoreOptions& options) {
  sql::DatabaseOptions db_options;
  db_options.sqlite_path = options.sqlite_path;
  db_options.pool_size = options.pool_size;
  ASSIGN_OR_RETURN(std::unique_ptr<sql::Database> db,
                   sql::OpenDatabase(db_options));
  std::unique_ptr<RowStore> store(new RowStore(std::move(db), options));
  RETURN_IF_ERROR(store->Seed());
  return store;
}

absl::Status RowStore::Seed() {
  RETURN_IF_ERROR(
      db_->Execute("CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, "
                   "name TEXT NOT NULL, email TEXT NOT NULL, "
                   "create_time INTEGER NOT NULL)")
          .status());
  ASSIGN_OR_RETURN(sql::Result count, db_->Execute("SELECT COUNT(*) FROM rows"));
  ASSIGN_OR_RETURN(int64_t existing, count.rows.at(0).Int(0));
  if (existing >= options_.rows) return absl::OkStatus();
  return db_->InTransaction([&](sql::Transaction& tx) -> absl::Status {
    for (int64_t id = 1; id <= options_.rows; ++id) {
      RETURN_IF_ERROR(
          tx.Execute("INSERT INTO rows (id, name, email, create_time) "
                     "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                     {sql::Value(id), sql::Value(absl::StrCat("user ", id)),
                      sql::Value(absl::StrCat("user", id, "@example.com")),
                      sql::Value(int64_t{1700000000000000} + id)})
              .status());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Row> RowStore::Read(int64_t id) {
  if (options_.slow_every > 0 &&
      reads_.fetch_add(1, std::memory_order_relaxed) % options_.slow_every ==
          0) {
    absl::SleepFor(options_.slow_sleep);
  }
  return Select(id);
}

absl::StatusOr<v1::Row> RowStore::Select(int64_t id) {
  ASSIGN_OR_RETURN(
      sql::Result result,
      db_->Execute("SELECT id, name, email, create_time FROM rows WHERE id = ?",
                   {sql::Value(id)}));
  if (result.rows.empty()) {
    return absl::NotFoundError(absl::StrCat("no row ", id));
  }
  const sql::Row& found = result.rows.front();
  v1::Row row;
  ASSIGN_OR_RETURN(int64_t row_id, found.Int(0));
  ASSIGN_OR_RETURN(std::string name, found.Text(1));
  ASSIGN_OR_RETURN(std::string email, found.Text(2));
  ASSIGN_OR_RETURN(int64_t create_time, found.Int(3));
  row.set_id(row_id);
  row.set_name(std::move(name));
  row.set_email(std::move(email));
  row.set_create_time_unix_micros(create_time);
  return row;
}

absl::Status RowStore::Warm(cache::Cache& cache) {
  for (int64_t id = 1; id <= options_.rows; ++id) {
    ASSIGN_OR_RETURN(v1::Row row, Select(id));
    RETURN_IF_ERROR(
        cache.Set(CacheKey(id), row.SerializeAsString(), absl::Hours(24)));
  }
  return absl::OkStatus();
}

std::string RowStore::CacheKey(int64_t id) { return absl::StrCat("row/", id); }

}  // namespace masar::threadbench

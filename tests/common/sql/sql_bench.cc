// Cost of the masar::sql layer over the bare client libraries, each case
// beside its bare counterpart in the same run: a point read by primary key
// and a single-row insert in a transaction, on SQLite (a temporary file,
// WAL, synchronous=FULL) and on PostgreSQL (the test server, fsync off).
//
//   ninja -C build sql_bench && build/tests/common/sql/sql_bench
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "common/sql/database.h"
#include "tests/testing/postgres/postgres_server.h"

namespace masar::sql {
namespace {

constexpr int kRows = 1000;
constexpr char kRead[] = "SELECT v FROM kv WHERE id = ?";
constexpr char kInsert[] = "INSERT INTO log (v) VALUES (?)";

bool Check(const absl::Status& status, absl::string_view what) {
  if (!status.ok()) std::cerr << what << ": " << status << "\n";
  return status.ok();
}

absl::Status Populate(Database& db) {
  absl::Status status =
      db.Execute(
            "CREATE TABLE kv (id BIGINT PRIMARY KEY, v TEXT NOT NULL); "
            "CREATE TABLE log (v TEXT NOT NULL)")
          .status();
  if (!status.ok()) return status;
  return db.InTransaction([](Transaction& tx) {
    for (int64_t id = 0; id < kRows; ++id) {
      const Value params[] = {id, absl::StrCat("value ", id)};
      absl::Status inserted =
          tx.Execute("INSERT INTO kv VALUES (?, ?)", params).status();
      if (!inserted.ok()) return inserted;
    }
    return absl::OkStatus();
  });
}

void MasarPointRead(benchmark::State& state, Database* db) {
  int64_t id = 0;
  for (auto _ : state) {
    const Value params[] = {id++ % kRows};
    absl::StatusOr<Result> result = db->Execute(kRead, params);
    if (!result.ok() || result->rows.size() != 1) state.SkipWithError("read");
  }
}

void MasarInsert(benchmark::State& state, Database* db) {
  const Value params[] = {std::string("payload")};
  for (auto _ : state) {
    absl::Status status = db->InTransaction(
        [&](Transaction& tx) { return tx.Execute(kInsert, params).status(); });
    if (!status.ok()) state.SkipWithError("insert");
  }
}

// The bare SQLite counterpart: one connection, statements prepared once.
struct RawSqlite {
  explicit RawSqlite(const std::string& path) {
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_prepare_v2(db, kRead, -1, &read, nullptr);
    sqlite3_prepare_v2(db, kInsert, -1, &insert, nullptr);
    sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
  }
  ~RawSqlite() {
    for (sqlite3_stmt* stmt : {read, insert, begin, commit}) {
      sqlite3_finalize(stmt);
    }
    sqlite3_close_v2(db);
  }
  static bool Run(sqlite3_stmt* stmt) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
    }
    return sqlite3_reset(stmt) == SQLITE_OK;
  }

  sqlite3* db = nullptr;
  sqlite3_stmt* read = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* commit = nullptr;
};

void RawSqlitePointRead(benchmark::State& state, RawSqlite* raw) {
  int64_t id = 0;
  for (auto _ : state) {
    sqlite3_bind_int64(raw->read, 1, id++ % kRows);
    if (sqlite3_step(raw->read) != SQLITE_ROW) state.SkipWithError("read");
    benchmark::DoNotOptimize(sqlite3_column_text(raw->read, 0));
    sqlite3_reset(raw->read);
  }
}

void RawSqliteInsert(benchmark::State& state, RawSqlite* raw) {
  for (auto _ : state) {
    sqlite3_bind_text(raw->insert, 1, "payload", -1, SQLITE_STATIC);
    if (!RawSqlite::Run(raw->begin) || !RawSqlite::Run(raw->insert) ||
        !RawSqlite::Run(raw->commit)) {
      state.SkipWithError("insert");
    }
  }
}

bool Ok(PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  PQclear(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// The bare libpq counterpart: PQexecParams with text parameters.
void RawPostgresPointRead(benchmark::State& state, PGconn* conn) {
  int64_t id = 0;
  for (auto _ : state) {
    const std::string key = absl::StrCat(id++ % kRows);
    const char* values[] = {key.c_str()};
    PGresult* result = PQexecParams(conn, "SELECT v FROM kv WHERE id = $1", 1,
                                    nullptr, values, nullptr, nullptr, 0);
    if (PQntuples(result) != 1) state.SkipWithError("read");
    PQclear(result);
  }
}

void RawPostgresInsert(benchmark::State& state, PGconn* conn) {
  const char* values[] = {"payload"};
  for (auto _ : state) {
    // The same isolation level the layer uses, for a like-for-like count
    // of round trips.
    const bool ok = Ok(PQexec(conn, "BEGIN ISOLATION LEVEL SERIALIZABLE")) &&
                    Ok(PQexecParams(conn, "INSERT INTO log (v) VALUES ($1)", 1,
                                    nullptr, values, nullptr, nullptr, 0)) &&
                    Ok(PQexec(conn, "COMMIT"));
    if (!ok) state.SkipWithError("insert");
  }
}

int Run(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  char dir[] = "/tmp/masar-sql-bench-XXXXXX";
  if (mkdtemp(dir) == nullptr) return 1;
  DatabaseOptions sqlite_options;
  sqlite_options.sqlite_path = absl::StrCat(dir, "/bench.sqlite");
  absl::StatusOr<std::unique_ptr<Database>> sqlite =
      OpenDatabase(sqlite_options);
  if (!Check(sqlite.status(), "sqlite") ||
      !Check(Populate(**sqlite), "populate")) {
    return 1;
  }
  RawSqlite raw_sqlite(sqlite_options.sqlite_path);

  absl::StatusOr<std::unique_ptr<testing::PostgresServer>> server =
      testing::PostgresServer::Start();
  if (!Check(server.status(), "postgres server")) return 1;
  DatabaseOptions pg_options;
  pg_options.postgres_url = (*server)->url();
  pg_options.schema = "bench";
  absl::StatusOr<std::unique_ptr<Database>> pg = OpenDatabase(pg_options);
  if (!Check(pg.status(), "postgres") || !Check(Populate(**pg), "populate")) {
    return 1;
  }
  PGconn* raw_pg = PQconnectdb((*server)->url().c_str());
  if (!Ok(PQexec(raw_pg, "SET search_path TO bench"))) return 1;

  benchmark::RegisterBenchmark("sqlite/point_read/masar", MasarPointRead,
                               sqlite->get());
  benchmark::RegisterBenchmark("sqlite/point_read/raw", RawSqlitePointRead,
                               &raw_sqlite);
  benchmark::RegisterBenchmark("sqlite/insert_tx/masar", MasarInsert,
                               sqlite->get());
  benchmark::RegisterBenchmark("sqlite/insert_tx/raw", RawSqliteInsert,
                               &raw_sqlite);
  benchmark::RegisterBenchmark("postgres/point_read/masar", MasarPointRead,
                               pg->get());
  benchmark::RegisterBenchmark("postgres/point_read/raw", RawPostgresPointRead,
                               raw_pg);
  benchmark::RegisterBenchmark("postgres/insert_tx/masar", MasarInsert,
                               pg->get());
  benchmark::RegisterBenchmark("postgres/insert_tx/raw", RawPostgresInsert,
                               raw_pg);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  PQfinish(raw_pg);
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace masar::sql

int main(int argc, char** argv) { return masar::sql::Run(argc, argv); }

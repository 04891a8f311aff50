#ifndef MASAR_COMMON_SQL_POSTGRES_RESULT_H_
#define MASAR_COMMON_SQL_POSTGRES_RESULT_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/sql/database.h"

typedef struct pg_result PGresult;

namespace masar::sql {

// Reads a result in text format into values typed by column: integers
// (int2/4/8, oid, integral numeric) and booleans (0/1) as int64, float4/8
// and other numeric as double, bytea as bytes, everything else as text.
absl::StatusOr<Result> DecodePostgresResult(const PGresult* result);

// The status for an error result, by SQLSTATE (see Executor). The message
// holds the server's primary message, which names constraints and columns;
// never the DETAIL, which quotes the offending values.
absl::Status PostgresErrorStatus(const PGresult* result);

// The code for a SQLSTATE, e.g. "23505" -> ALREADY_EXISTS.
absl::StatusCode PostgresErrorCode(absl::string_view sqlstate);

}  // namespace masar::sql

#endif  // MASAR_COMMON_SQL_POSTGRES_RESULT_H_

#include "common/sql/postgres_result.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace masar::sql {
namespace {

// Type OIDs from the server's pg_type.dat; stable across versions.
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

absl::Status Unreadable(int column, Oid type) {
  return absl::InternalError(
      absl::StrCat("postgres: cannot read column ", column, " of type ", type));
}

absl::StatusOr<Value> DecodeBytea(absl::string_view text) {
  // bytea_output = hex (the default since 9.0): "\x" then two digits a byte.
  if (!absl::StartsWith(text, "\\x") || text.size() % 2 != 0) {
    return absl::InternalError("postgres: bytea not in hex format");
  }
  return Blob{absl::HexStringToBytes(text.substr(2))};
}

// strtod reads "NaN", "Infinity" and "-Infinity" as the server writes them,
// and the shortest exact digits float8out gives round-trip exactly.
absl::StatusOr<Value> DecodeReal(const char* text) {
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0') {
    return absl::InternalError("postgres: unreadable real");
  }
  return value;
}

absl::StatusOr<Value> DecodeCell(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return std::monostate();
  const char* text = PQgetvalue(result, row, column);
  const absl::string_view view(text, PQgetlength(result, row, column));
  const Oid type = PQftype(result, column);
  switch (type) {
    case kInt8Oid:
    case kInt2Oid:
    case kInt4Oid:
    case kOidOid: {
      int64_t value;
      if (!absl::SimpleAtoi(view, &value)) return Unreadable(column, type);
      return value;
    }
    case kNumericOid: {
      // SUM and AVG over integers give numeric; integral values stay exact.
      int64_t value;
      if (absl::SimpleAtoi(view, &value)) return value;
      return DecodeReal(text);
    }
    case kFloat4Oid:
    case kFloat8Oid:
      return DecodeReal(text);
    case kBoolOid:
      return int64_t{view == "t" ? 1 : 0};
    case kByteaOid:
      return DecodeBytea(view);
    default:
      return std::string(view);
  }
}

int64_t AffectedRows(const PGresult* result) {
  const absl::string_view command = PQcmdStatus(const_cast<PGresult*>(result));
  // PQcmdTuples also counts the rows a SELECT returned; only writes count.
  for (absl::string_view write : {"INSERT", "UPDATE", "DELETE", "MERGE"}) {
    if (absl::StartsWith(command, write)) {
      int64_t rows = 0;
      return absl::SimpleAtoi(PQcmdTuples(const_cast<PGresult*>(result)), &rows)
                 ? rows
                 : 0;
    }
  }
  return 0;
}

}  // namespace

absl::StatusOr<Result> DecodePostgresResult(const PGresult* result) {
  Result out;
  const int rows = PQntuples(result);
  const int columns = PQnfields(result);
  out.rows.reserve(rows);
  for (int r = 0; r < rows; ++r) {
    std::vector<Value> values;
    values.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      absl::StatusOr<Value> value = DecodeCell(result, r, c);
      if (!value.ok()) return value.status();
      values.push_back(*std::move(value));
    }
    out.rows.emplace_back(std::move(values));
  }
  out.affected_rows = AffectedRows(result);
  return out;
}

absl::StatusCode PostgresErrorCode(absl::string_view sqlstate) {
  if (sqlstate == "23505") return absl::StatusCode::kAlreadyExists;
  if (absl::StartsWith(sqlstate, "23")) {
    return absl::StatusCode::kFailedPrecondition;
  }
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    return absl::StatusCode::kAborted;
  }
  if (sqlstate == "57014") return absl::StatusCode::kDeadlineExceeded;
  // 08: connection exceptions; 57P01-03: the server shutting down or still
  // starting; 53300: too many connections. All pass when retried later.
  if (absl::StartsWith(sqlstate, "08") || sqlstate == "57P01" ||
      sqlstate == "57P02" || sqlstate == "57P03" || sqlstate == "53300") {
    return absl::StatusCode::kUnavailable;
  }
  if (sqlstate == "25006") return absl::StatusCode::kFailedPrecondition;
  return absl::StatusCode::kInternal;
}

absl::Status PostgresErrorStatus(const PGresult* result) {
  const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string state = sqlstate == nullptr ? "" : sqlstate;
  // Data exceptions (class 22) quote the offending input in the primary
  // message itself ("invalid input syntax for type bigint: \"x\"").
  const std::string message =
      absl::StartsWith(state, "22")
          ? std::string("invalid data for the column's type")
          : std::string(primary == nullptr ? "unknown error" : primary);
  return absl::Status(PostgresErrorCode(state),
                      absl::StrCat("postgres: ", message, " (SQLSTATE ",
                                   state.empty() ? "none" : state, ")"));
}

}  // namespace masar::sql

#include "common/sql/migration_set.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status/status_macros.h"

namespace masar::sql {
namespace {

constexpr absl::string_view kDirective = "masar:";
constexpr absl::string_view kBreaksBefore = "breaks-binaries-before";

enum class Target { kBoth, kSqlite, kPostgres };

struct FileName {
  int version = 0;
  std::string name;  // Without driver suffix and extension.
  Target target = Target::kBoth;
};

absl::Status BadName(absl::string_view file) {
  return absl::InvalidArgumentError(
      absl::StrCat("migration file ", file,
                   ": name must be NNNN_name.sql, NNNN_name.sqlite.sql or "
                   "NNNN_name.postgres.sql (lower-case name)"));
}

absl::StatusOr<FileName> ParseName(absl::string_view file) {
  absl::string_view rest = file;
  if (!absl::ConsumeSuffix(&rest, ".sql")) return BadName(file);
  FileName parsed;
  if (absl::ConsumeSuffix(&rest, ".sqlite")) {
    parsed.target = Target::kSqlite;
  } else if (absl::ConsumeSuffix(&rest, ".postgres")) {
    parsed.target = Target::kPostgres;
  }
  if (rest.size() < 6 || rest[4] != '_' ||
      !absl::SimpleAtoi(rest.substr(0, 4), &parsed.version) ||
      !absl::ascii_isdigit(rest[0]) || parsed.version < 1) {
    return BadName(file);
  }
  for (char c : rest.substr(5)) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') {
      return BadName(file);
    }
  }
  parsed.name = std::string(rest);
  return parsed;
}

// Reads the directives of the comment lines the file starts with.
absl::StatusOr<int> BreaksBefore(absl::string_view file,
                                 absl::string_view sql) {
  int breaks_before = 0;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (!absl::ConsumePrefix(&line, "--")) break;
    line = absl::StripLeadingAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, kDirective)) continue;
    line = absl::StripLeadingAsciiWhitespace(line);
    if (!absl::ConsumePrefix(&line, kBreaksBefore) ||
        !absl::SimpleAtoi(line, &breaks_before) || breaks_before < 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "migration file ", file,
          ": directive must read `-- masar: ", kBreaksBefore, " <version>`"));
    }
  }
  return breaks_before;
}

// Adds one file to the migration of its version.
absl::Status AddFile(const MigrationFile& file, Migration& migration,
                     std::set<std::pair<int, Target>>& seen) {
  ASSIGN_OR_RETURN(FileName parsed, ParseName(file.name));
  if (!migration.name.empty() && migration.name != parsed.name) {
    return absl::InvalidArgumentError(
        absl::StrCat("migrations ", migration.name, " and ", parsed.name,
                     " share version ", parsed.version));
  }
  if (!seen.insert({parsed.version, parsed.target}).second) {
    return absl::InvalidArgumentError(
        absl::StrCat("migration file ", file.name, " is given twice"));
  }
  migration.version = parsed.version;
  migration.name = parsed.name;
  ASSIGN_OR_RETURN(int breaks_before, BreaksBefore(file.name, file.sql));
  migration.breaks_binaries_before =
      std::max(migration.breaks_binaries_before, breaks_before);
  // A driver's own file wins over the shared one, whatever the order.
  const bool shared = parsed.target == Target::kBoth;
  if (parsed.target == Target::kSqlite ||
      (shared && !seen.contains({parsed.version, Target::kSqlite}))) {
    migration.sqlite_sql = file.sql;
  }
  if (parsed.target == Target::kPostgres ||
      (shared && !seen.contains({parsed.version, Target::kPostgres}))) {
    migration.postgres_sql = file.sql;
  }
  return absl::OkStatus();
}

absl::Status CheckComplete(const Migration& migration, int expected_version,
                           const std::set<std::pair<int, Target>>& seen) {
  if (migration.version != expected_version) {
    return absl::InvalidArgumentError(
        absl::StrCat("migration ", expected_version,
                     " is missing (versions run 1, 2, ...)"));
  }
  const bool shared = seen.contains({migration.version, Target::kBoth});
  for (Target target : {Target::kSqlite, Target::kPostgres}) {
    if (!shared && !seen.contains({migration.version, target})) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", migration.name, " has no SQL for ",
                       target == Target::kSqlite ? "SQLite" : "PostgreSQL"));
    }
  }
  if (migration.breaks_binaries_before > migration.version) {
    return absl::InvalidArgumentError(absl::StrCat(
        "migration ", migration.name,
        " cannot break binaries that already know it (", kBreaksBefore, " ",
        migration.breaks_binaries_before, ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MigrationSet> MigrationSet::Create(
    std::string component, std::vector<MigrationFile> files) {
  if (component.empty()) {
    return absl::InvalidArgumentError("migration component: must not be empty");
  }
  std::map<int, Migration> by_version;
  std::set<std::pair<int, Target>> seen;
  for (const MigrationFile& file : files) {
    ASSIGN_OR_RETURN(FileName parsed, ParseName(file.name));
    RETURN_IF_ERROR(AddFile(file, by_version[parsed.version], seen));
  }
  std::vector<Migration> migrations;
  for (auto& [version, migration] : by_version) {
    RETURN_IF_ERROR(CheckComplete(
        migration, static_cast<int>(migrations.size()) + 1, seen));
    migrations.push_back(std::move(migration));
  }
  return MigrationSet(std::move(component), std::move(migrations));
}

}  // namespace masar::sql

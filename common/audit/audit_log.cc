#include "common/audit/audit_log.h"

#include "common/audit/masar_common_audit_migrations.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/status/status_macros.h"

namespace masar::audit {
namespace {

constexpr char kColumns[] =
    "sequence, event_time, actor, action, resource, request_id, "
    "payload_digest, previous_digest, digest";
constexpr int kVerifyPage = 1000;

absl::StatusOr<AuditEntry> ReadEntry(const sql::Row& row) {
  AuditEntry e;
  ASSIGN_OR_RETURN(e.sequence, row.Int(0));
  ASSIGN_OR_RETURN(int64_t micros, row.Int(1));
  e.event_time = absl::FromUnixMicros(micros);
  ASSIGN_OR_RETURN(e.record.actor, row.Text(2));
  ASSIGN_OR_RETURN(e.record.action, row.Text(3));
  ASSIGN_OR_RETURN(e.record.resource, row.Text(4));
  ASSIGN_OR_RETURN(e.record.request_id, row.Text(5));
  ASSIGN_OR_RETURN(e.record.payload_digest, row.Text(6));
  ASSIGN_OR_RETURN(e.previous_digest, row.Text(7));
  ASSIGN_OR_RETURN(e.digest, row.Text(8));
  return e;
}

absl::StatusOr<std::vector<AuditEntry>> ReadEntries(const sql::Result& result) {
  std::vector<AuditEntry> out;
  out.reserve(result.rows.size());
  for (const sql::Row& row : result.rows) {
    ASSIGN_OR_RETURN(AuditEntry entry, ReadEntry(row));
    out.push_back(std::move(entry));
  }
  return out;
}

// Characters of UTF-8 `text`, as SQL's substr counts them.
int64_t CodePoints(absl::string_view text) {
  int64_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Checks one entry against the one before it; empty when it is sound.
std::string Fault(const AuditEntry& entry, int64_t expected_sequence,
                  const std::string& expected_previous) {
  if (entry.sequence != expected_sequence) {
    return absl::StrCat("entry ", expected_sequence,
                        " is missing: the chain jumps to ", entry.sequence);
  }
  if (AuditLog::ComputeDigest(entry) != entry.digest) {
    return absl::StrCat("entry ", entry.sequence,
                        " was edited: its content does not match its digest");
  }
  if (entry.previous_digest != expected_previous) {
    return absl::StrCat("entry ", entry.sequence,
                        " does not follow the entry before it (removed, "
                        "inserted or reordered entries)");
  }
  return "";
}

// Compares the walked chain with the signed head kept outside the store.
void CompareWithCheckpoint(const Checkpoint& checkpoint,
                           const std::string& digest_at_checkpoint,
                           Verification& v) {
  v.checkpoint_sequence = checkpoint.sequence;
  if (!v.valid) return;
  if (v.entries_checked < checkpoint.sequence) {
    v.valid = false;
    v.problem = absl::StrCat("the chain ends at entry ", v.entries_checked,
                             " but a signed checkpoint saw ",
                             checkpoint.sequence, " entries: its tail was cut");
  } else if (digest_at_checkpoint != checkpoint.digest) {
    v.valid = false;
    v.first_invalid_sequence = checkpoint.sequence;
    v.problem = absl::StrCat("entry ", checkpoint.sequence,
                             " differs from the signed checkpoint: the chain "
                             "was recomputed");
  }
}

}  // namespace

std::string AuditLog::ComputeDigest(const AuditEntry& entry) {
  return crypto::DigestBuilder()
      .Add(entry.sequence)
      .Add(absl::ToUnixMicros(entry.event_time))
      .Add(entry.record.actor)
      .Add(entry.record.action)
      .Add(entry.record.resource)
      .Add(entry.record.request_id)
      .Add(entry.record.payload_digest)
      .Add(entry.previous_digest)
      .Sha256Hex();
}

absl::StatusOr<std::optional<AuditEntry>> AuditLog::Head(
    sql::Executor& db) const {
  ASSIGN_OR_RETURN(
      sql::Result result,
      db.Execute(absl::StrCat("SELECT ", kColumns,
                              " FROM masar_audit_log ORDER BY sequence DESC "
                              "LIMIT 1")));
  if (result.rows.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(AuditEntry head, ReadEntry(result.rows[0]));
  return head;
}

absl::StatusOr<AuditEntry> AuditLog::Append(sql::Transaction& tx,
                                            const AuditRecord& record) const {
  ASSIGN_OR_RETURN(std::optional<AuditEntry> head, Head(tx));
  AuditEntry entry;
  entry.sequence = head.has_value() ? head->sequence + 1 : 1;
  entry.event_time = absl::FromUnixMicros(absl::ToUnixMicros(clock_->Now()));
  entry.record = record;
  entry.previous_digest = head.has_value() ? head->digest : kGenesisDigest;
  entry.digest = ComputeDigest(entry);
  const sql::Value params[] = {entry.sequence,
                               absl::ToUnixMicros(entry.event_time),
                               record.actor,
                               record.action,
                               record.resource,
                               record.request_id,
                               record.payload_digest,
                               entry.previous_digest,
                               entry.digest};
  RETURN_IF_ERROR(
      tx.Execute(absl::StrCat("INSERT INTO masar_audit_log (", kColumns,
                              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                 params)
          .status());
  return entry;
}

absl::StatusOr<std::vector<AuditEntry>> AuditLog::List(
    sql::Executor& db, const AuditFilter& filter, int limit) const {
  std::string where = "sequence > ?";
  std::vector<sql::Value> params = {filter.after_sequence};
  if (!filter.resource.empty()) {
    // substr, not LIKE: SQLite's LIKE ignores case and both treat "_" and
    // "%" in names as wildcards. The length is a literal because
    // PostgreSQL's substr takes an integer, not the int8 a parameter binds.
    const std::string prefix = absl::StrCat(filter.resource, "/");
    absl::StrAppend(&where, " AND (resource = ? OR substr(resource, 1, ",
                    CodePoints(prefix), ") = ?)");
    params.emplace_back(filter.resource);
    params.emplace_back(prefix);
  }
  const std::pair<const char*, const std::string*> exact_filters[] = {
      {"actor", &filter.actor}, {"action", &filter.action}};
  for (const auto& [column, value] : exact_filters) {
    if (value->empty()) continue;
    absl::StrAppend(&where, " AND ", column, " = ?");
    params.emplace_back(*value);
  }
  if (filter.start_time.has_value()) {
    absl::StrAppend(&where, " AND event_time >= ?");
    params.emplace_back(absl::ToUnixMicros(*filter.start_time));
  }
  if (filter.end_time.has_value()) {
    absl::StrAppend(&where, " AND event_time < ?");
    params.emplace_back(absl::ToUnixMicros(*filter.end_time));
  }
  params.emplace_back(static_cast<int64_t>(limit));
  ASSIGN_OR_RETURN(sql::Result result,
                   db.Execute(absl::StrCat("SELECT ", kColumns,
                                           " FROM masar_audit_log WHERE ",
                                           where,
                                           " ORDER BY sequence LIMIT ?"),
                              params));
  return ReadEntries(result);
}

absl::StatusOr<Verification> AuditLog::Verify(
    sql::Executor& db, const std::optional<Checkpoint>& checkpoint) const {
  Verification v;
  std::string previous = kGenesisDigest;
  std::string digest_at_checkpoint;
  int64_t after = 0;
  while (v.valid) {
    const sql::Value params[] = {after, static_cast<int64_t>(kVerifyPage)};
    ASSIGN_OR_RETURN(
        sql::Result page,
        db.Execute(absl::StrCat("SELECT ", kColumns,
                                " FROM masar_audit_log WHERE sequence > ? "
                                "ORDER BY sequence LIMIT ?"),
                   params));
    ASSIGN_OR_RETURN(std::vector<AuditEntry> entries, ReadEntries(page));
    for (const AuditEntry& entry : entries) {
      std::string fault = Fault(entry, v.entries_checked + 1, previous);
      if (!fault.empty()) {
        v.valid = false;
        v.first_invalid_sequence = v.entries_checked + 1;
        v.problem = std::move(fault);
        break;
      }
      ++v.entries_checked;
      previous = entry.digest;
      if (checkpoint.has_value() && entry.sequence == checkpoint->sequence) {
        digest_at_checkpoint = entry.digest;
      }
    }
    if (entries.size() < static_cast<size_t>(kVerifyPage)) break;
    after = entries.back().sequence;
  }
  v.head_digest = previous;
  if (checkpoint.has_value()) {
    CompareWithCheckpoint(*checkpoint, digest_at_checkpoint, v);
  }
  return v;
}

absl::StatusOr<sql::MigrationSet> AuditMigrations() {
  return sql::MigrationSet::Create("audit",
                                   sql::embedded::MasarCommonAuditMigrations());
}

}  // namespace masar::audit

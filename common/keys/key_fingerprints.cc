#include "common/keys/key_fingerprints.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/crypto/digest.h"
#include "common/keys/masar_common_keys_migrations.h"
#include "common/status/status_macros.h"

namespace masar::keys {
namespace {

// Sealing and lookup keys: values in the store depend on every recorded one.
bool ValuesDependOnEveryKey(KeyKind kind) {
  return kind == KeyKind::kTotp || kind == KeyKind::kNationalId ||
         kind == KeyKind::kNationalIdLookup;
}

bool Holds(const KeyRing& ring, const RecordedKey& recorded) {
  const Key* key = ring.Find(recorded.key_id);
  return key != nullptr &&
         crypto::ConstantTimeEquals(key->fingerprint, recorded.fingerprint);
}

std::string HeldIds(const KeyRing& ring) {
  std::vector<std::string> ids;
  for (const Key& key : ring.keys()) ids.push_back(key.id);
  return absl::StrJoin(ids, ", ");
}

std::string RecordedIds(const std::vector<RecordedKey>& recorded) {
  std::vector<std::string> ids;
  for (const RecordedKey& key : recorded) ids.push_back(key.key_id);
  return absl::StrJoin(ids, ", ");
}

absl::Status Mismatch(absl::string_view store_name, const KeySet& keys,
                      const KeyRing& ring, absl::string_view what) {
  const absl::string_view kind = KindName(ring.kind());
  return absl::FailedPreconditionError(absl::StrCat(
      "the ", store_name, " store ", what, "; this process holds ", kind,
      " keys [", HeldIds(ring), "] from ", keys.origin(),
      ". Start every replica that shares this store with the same "
      "--keys-dir (MASAR_KEYS_DIR), holding the ", kind,
      " keys the store names (see README, \"Keys\"); refusing to start "
      "rather than write what the other replicas cannot read"));
}

// The recorded keys the process must hold but does not, as an error.
absl::Status CheckAgainst(absl::string_view store_name, const KeySet& keys,
                          const KeyRing& ring,
                          const std::vector<RecordedKey>& recorded) {
  if (recorded.empty()) return absl::OkStatus();
  const absl::string_view kind = KindName(ring.kind());
  if (ValuesDependOnEveryKey(ring.kind())) {
    for (const RecordedKey& key : recorded) {
      if (Holds(ring, key)) continue;
      return Mismatch(
          store_name, keys, ring,
          absl::StrCat("holds values sealed with ", kind, " key ", key.key_id,
                       " (recorded ", absl::FormatTime(key.record_time),
                       "), which this process does not hold"));
    }
    return absl::OkStatus();
  }
  for (const RecordedKey& key : recorded) {
    if (Holds(ring, key)) return absl::OkStatus();
  }
  return Mismatch(store_name, keys, ring,
                  absl::StrCat("recorded ", kind, " keys [",
                               RecordedIds(recorded),
                               "], none of which this process holds"));
}

}  // namespace

absl::StatusOr<sql::MigrationSet> KeyFingerprintMigrations() {
  return sql::MigrationSet::Create("keys",
                                   sql::embedded::MasarCommonKeysMigrations());
}

absl::StatusOr<std::vector<RecordedKey>> RecordedKeys(sql::Executor& db,
                                                      KeyKind kind) {
  ASSIGN_OR_RETURN(
      sql::Result result,
      db.Execute("SELECT key_id, fingerprint, record_time FROM "
                 "masar_key_fingerprints WHERE kind = ? "
                 "ORDER BY record_time, key_id",
                 {sql::Value(std::string(KindName(kind)))}));
  std::vector<RecordedKey> recorded;
  for (const sql::Row& row : result.rows) {
    RecordedKey key;
    ASSIGN_OR_RETURN(key.key_id, row.Text(0));
    ASSIGN_OR_RETURN(key.fingerprint, row.Text(1));
    ASSIGN_OR_RETURN(int64_t micros, row.Int(2));
    key.record_time = absl::FromUnixMicros(micros);
    recorded.push_back(std::move(key));
  }
  return recorded;
}

absl::Status CheckKeyFingerprints(sql::Database& db,
                                  absl::string_view store_name,
                                  const KeySet& keys, KeyKind kind,
                                  absl::Time now) {
  ASSIGN_OR_RETURN(const KeyRing* ring, keys.Get(kind));
  sql::TransactionOptions options;
  options.exclusive = true;
  return db.InTransaction(options, [&](sql::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<RecordedKey> recorded,
                     RecordedKeys(tx, kind));
    RETURN_IF_ERROR(CheckAgainst(store_name, keys, *ring, recorded));
    const Key& current = ring->current();
    RETURN_IF_ERROR(
        tx.Execute("INSERT INTO masar_key_fingerprints "
                   "(kind, key_id, fingerprint, record_time) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                   {sql::Value(std::string(KindName(kind))),
                    sql::Value(current.id), sql::Value(current.fingerprint),
                    sql::Value(absl::ToUnixMicros(now))})
            .status());
    return absl::OkStatus();
  });
}

absl::Status RetireKeysExcept(sql::Database& db, KeyKind kind,
                              const Key& keep) {
  return db.InTransaction([&](sql::Transaction& tx) -> absl::Status {
    return tx
        .Execute("DELETE FROM masar_key_fingerprints "
                 "WHERE kind = ? AND key_id <> ?",
                 {sql::Value(std::string(KindName(kind))),
                  sql::Value(keep.id)})
        .status();
  });
}

}  // namespace masar::keys

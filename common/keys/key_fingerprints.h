#ifndef MASAR_COMMON_KEYS_KEY_FINGERPRINTS_H_
#define MASAR_COMMON_KEYS_KEY_FINGERPRINTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/keys/key_ring.h"
#include "common/sql/database.h"
#include "common/sql/migration_set.h"

namespace masar::keys {

// The migrations of masar_key_fingerprints, in every service's store.
absl::StatusOr<sql::MigrationSet> KeyFingerprintMigrations();

// Checks, at start, that this process's `kind` keys match the ones the
// store `store_name` ("identity") recorded, then records its current key:
// the store remembers every key a value in it may have been sealed (or
// signed) with. So a replica started with other keys than the replicas it
// shares the store with refuses to start (FAILED_PRECONDITION naming the
// kind, the key ids and `keys.origin()`, the flag that provided them)
// instead of writing values the others cannot read.
//
// Sealing and lookup keys (totp, national-id, national-id-lookup): the
// process must hold every recorded key, since values sealed with any of them
// may remain until re-sealed (RetireKeysExcept). Signing keys
// (audit-checkpoint, token-signing) leave nothing in the store that an old
// key must open: the process must hold at least one recorded key. With
// nothing recorded yet (a new store), the process's keys are recorded.
// Runs in an exclusive transaction, so replicas starting together agree.
absl::Status CheckKeyFingerprints(sql::Database& db,
                                  absl::string_view store_name,
                                  const KeySet& keys, KeyKind kind,
                                  absl::Time now);

// After every value of `kind` was re-sealed with `keep`: forgets the other
// recorded keys of that kind, so replicas may stop holding them.
absl::Status RetireKeysExcept(sql::Database& db, KeyKind kind,
                              const Key& keep);

struct RecordedKey {
  std::string key_id;
  std::string fingerprint;
  absl::Time record_time;
};

// What the store recorded for `kind`, oldest first.
absl::StatusOr<std::vector<RecordedKey>> RecordedKeys(sql::Executor& db,
                                                      KeyKind kind);

}  // namespace masar::keys

#endif  // MASAR_COMMON_KEYS_KEY_FINGERPRINTS_H_

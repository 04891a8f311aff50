#ifndef MASAR_SERVICES_MASAR_RESEAL_H_
#define MASAR_SERVICES_MASAR_RESEAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/config/serve_config.h"
#include "common/keys/key_ring.h"
#include "common/sql/database.h"

namespace masar {

// What a re-seal of identity's users did.
struct ResealReport {
  int64_t users = 0;           // users read
  int64_t resealed = 0;        // values sealed again with the newest key
  int64_t lookups = 0;         // lookup digests (re)written
  // Values that could not be opened, and identifiers two users hold: named
  // by user id, never by value.
  std::vector<std::string> unreadable;
  std::vector<std::string> duplicates;
};

// Rewrites, in batches of `batch_size` users (one transaction each), every
// TOTP secret, pending TOTP secret and national identifier not sealed with
// the newest key of its kind, and every national id lookup digest not
// computed under the newest lookup key (including those missing because
// they predate lookup digests). Values are opened with any held key. A
// second holder of an identifier keeps no digest and is reported.
absl::StatusOr<ResealReport> ResealIdentityUsers(sql::Database& db,
                                                 const keys::KeySet& keys,
                                                 int batch_size = 100);

// `masar reseal`: for each named service's store, checks the keys against
// its fingerprints (as `serve` does), re-seals identity's users, and then,
// when every value could be opened, forgets the fingerprints of the older
// TOTP, national-id and lookup keys, so they can be removed from
// `--keys-dir`. Prints what it did. Safe to run again, and while replicas
// serve (each batch is one serializable transaction), once every replica
// runs with the newest keys.
absl::Status RunReseal(const ServeConfig& config);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_RESEAL_H_

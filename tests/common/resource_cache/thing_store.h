#ifndef MASAR_TESTS_COMMON_RESOURCE_CACHE_THING_STORE_H_
#define MASAR_TESTS_COMMON_RESOURCE_CACHE_THING_STORE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"

// The store behind the cache in the integration tests, the peer process and
// the benchmark: versioned things, `things(id, version)`, written the way a
// repository writes.
namespace masar::testing {

// Applies the cache's migrations and creates the table (idempotent).
absl::Status CreateThingStore(sql::Database& db);

// The version of `id` in SQL; NOT_FOUND when absent.
absl::StatusOr<int64_t> LoadThing(sql::Database& db, absl::string_view id);

// The value of `id` read through `cache`, loading from `db` on a miss; a
// load takes `load_delay` longer after reading the store, as a slow store
// would, so that fills overlap writes.
absl::StatusOr<int64_t> ReadThing(
    ResourceCache& cache, sql::Database& db, absl::string_view id,
    absl::Duration load_delay = absl::ZeroDuration());

// Sets `id` to `version` and notes the change in one transaction, then
// invalidates: when it returns OK the write is acknowledged.
absl::Status WriteThing(sql::Database& db, ResourceCache& cache,
                        absl::string_view id, int64_t version);

}  // namespace masar::testing

#endif  // MASAR_TESTS_COMMON_RESOURCE_CACHE_THING_STORE_H_

#ifndef MASAR_SERVICES_MASAR_SERVICE_CONTEXT_H_
#define MASAR_SERVICES_MASAR_SERVICE_CONTEXT_H_

#include <string>
#include <vector>

#include "common/cache/cache.h"
#include "common/clock/clock.h"
#include "common/executor/bounded_executor.h"
#include "common/keys/key_ring.h"
#include "common/log/logger.h"
#include "common/sql/database.h"
#include "services/masar/auth_setup.h"
#include "services/masar/peers.h"

namespace masar {

// What `masar serve` gives a service it builds: all owned by the caller and
// outliving the service. A service reaches the other services only
// through `peers`, never through their stores.
struct ServiceContext {
  AuthRuntime* auth = nullptr;
  sql::Database* db = nullptr;  // the service's own store, migrated
  cache::Cache* cache = nullptr;
  BoundedExecutor* executor = nullptr;
  const Clock* clock = nullptr;
  Logger* logger = nullptr;
  // The services it calls (ServiceModule::peers), wherever they run.
  Peers* peers = nullptr;
  std::string data_dir;
  // The keys the services seal with (key_setup.h); null: each service
  // generates its own under data_dir (tests, a lone process).
  const keys::KeySet* keys = nullptr;
  // Where this service's audit checkpoints are exported, and the public keys
  // that sign them (VerifyAuditChain trusts only those).
  std::string audit_checkpoint_file;
  std::vector<std::string> audit_checkpoint_public_keys;
};

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_SERVICE_CONTEXT_H_

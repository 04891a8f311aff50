#include "tests/services/masar/served_identity.h"

#include "common/status/status_macros.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"

namespace masar::testing {

absl::Status ServedIdentity::Start() {
  ASSIGN_OR_RETURN(auth, OpenAuth(dir, &clock));
  ServeConfig config;
  config.data_dir = dir;
  ASSIGN_OR_RETURN(db, OpenServiceStore(config, "identity"));
  RETURN_IF_ERROR(PrepareServiceStore(*db, "identity", true, logger));
  ServiceContext context;
  context.auth = auth.get();
  context.db = db.get();
  context.cache = &cache;
  context.executor = &executor;
  context.clock = &clock;
  context.logger = &logger;
  context.data_dir = dir;
  ASSIGN_OR_RETURN(service, MakeService("identity", context));
  ASSIGN_OR_RETURN(server,
                   Server::Start(ServerOptions{}, {service.get()}, &logger));
  return absl::OkStatus();
}

ServedIdentity::~ServedIdentity() {
  server.reset();
  service.reset();
}

}  // namespace masar::testing

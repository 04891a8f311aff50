#ifndef MASAR_SERVICES_MASAR_SERVICE_REGISTRY_H_
#define MASAR_SERVICES_MASAR_SERVICE_REGISTRY_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/serve_config.h"
#include "common/grpc/hosted_service.h"
#include "common/sql/migration_set.h"
#include "services/masar/service_context.h"

namespace masar {

// One service `masar serve` can host. Adding a service is one entry in the
// table of service_registry.cc.
struct ServiceModule {
  // The short name `--services` accepts.
  std::string name;
  // The migrations of the service's own components, beside those every
  // store has (stores.h); null when it has none yet.
  absl::StatusOr<std::vector<sql::MigrationSet>> (*migrations)() = nullptr;
  // Builds the service from the process's shared parts and the
  // configuration it takes its own options from; every call of the service
  // is authenticated by `context.auth` and checked against its policy table.
  absl::StatusOr<std::unique_ptr<HostedService>> (*make)(
      const ServiceContext& context, const ServeConfig& config) = nullptr;
  // The services it calls (context.peers): each must be hosted beside it
  // or have its `--<peer>-target`, or the process refuses to start.
  std::vector<std::string> peers;
};

// Every service, in start-up order.
const std::vector<ServiceModule>& ServiceModules();

// The module named `name`, or null.
const ServiceModule* FindServiceModule(absl::string_view name);

// The short names `--services` accepts, in start-up order.
std::vector<std::string> KnownServiceNames();

// Expands "all" and checks every name: INVALID_ARGUMENT naming `services`
// for an unknown or repeated name or an empty list.
absl::StatusOr<std::vector<std::string>> ResolveServiceNames(
    const std::vector<std::string>& requested);

// Builds the service a known short name stands for, every call of which is
// authenticated by `context.auth` and checked against the service's policy
// table.
absl::StatusOr<std::unique_ptr<HostedService>> MakeService(
    absl::string_view name, const ServiceContext& context,
    const ServeConfig& config = ServeConfig());

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_SERVICE_REGISTRY_H_

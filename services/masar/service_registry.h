#ifndef MASAR_SERVICES_MASAR_SERVICE_REGISTRY_H_
#define MASAR_SERVICES_MASAR_SERVICE_REGISTRY_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "common/grpc/hosted_service.h"
#include "services/masar/service_context.h"

namespace masar {

// The short names `--services` accepts, in start-up order.
const std::vector<std::string>& KnownServiceNames();

// Expands "all" and checks every name: INVALID_ARGUMENT naming `services`
// for an unknown or repeated name or an empty list.
absl::StatusOr<std::vector<std::string>> ResolveServiceNames(
    const std::vector<std::string>& requested);

// Builds the service a known short name stands for, every call of which is
// authenticated by `context.auth` and checked against the service's policy
// table.
absl::StatusOr<std::unique_ptr<HostedService>> MakeService(
    absl::string_view name, const ServiceContext& context);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_SERVICE_REGISTRY_H_

#ifndef MASAR_SERVICES_MASAR_IDENTITY_SERVICE_H_
#define MASAR_SERVICES_MASAR_IDENTITY_SERVICE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/grpc/hosted_service.h"
#include "services/masar/service_context.h"

namespace masar {

// The identity service with everything it runs on (repositories, password
// hasher, throttles, national-id cipher, sessions, handlers), built from the
// process's shared parts. With `bootstrap_admin_email` set and an empty
// store, creates the first PLATFORM_ADMIN once.
absl::StatusOr<std::unique_ptr<HostedService>> MakeIdentityService(
    const ServiceContext& context);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_IDENTITY_SERVICE_H_

#ifndef MASAR_SERVICES_MASAR_IDENTITY_SERVICE_H_
#define MASAR_SERVICES_MASAR_IDENTITY_SERVICE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/grpc/hosted_service.h"
#include "common/config/serve_config.h"
#include "common/sql/migration_set.h"
#include "services/masar/service_context.h"

namespace masar {

// What identity alone reads from the configuration.
struct IdentityOptions {
  // The first administrator, created once on an empty store (when the email
  // is set).
  std::string bootstrap_admin_email;
  std::string bootstrap_admin_password;
  // CIDRs whose x-forwarded-for names the client (already checked).
  std::vector<std::string> trusted_proxies;
};

IdentityOptions IdentityOptionsFrom(const ServeConfig& config);

// The identity service with everything it runs on (repositories, password
// hasher, throttles, national-id cipher, sessions, handlers), built from the
// process's shared parts and its own options.
absl::StatusOr<std::unique_ptr<HostedService>> MakeIdentityService(
    const ServiceContext& context, IdentityOptions options);

// The migrations of identity's own components (users and the rest,
// sign-in throttles, revocations).
absl::StatusOr<std::vector<sql::MigrationSet>> IdentityMigrations();

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_IDENTITY_SERVICE_H_

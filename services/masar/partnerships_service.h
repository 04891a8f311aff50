#ifndef MASAR_SERVICES_MASAR_PARTNERSHIPS_SERVICE_H_
#define MASAR_SERVICES_MASAR_PARTNERSHIPS_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/config/serve_config.h"
#include "common/grpc/hosted_service.h"
#include "common/sql/migration_set.h"
#include "services/masar/service_context.h"

namespace masar {

// What partnerships alone reads from the configuration.
struct PartnershipsOptions {
  // The IANA zone of its dates (--time-zone).
  std::string time_zone = "Africa/Casablanca";
  // How often expiries and supersessions whose day has come are stored and
  // published (readers see them derived from the day's start anyway).
  absl::Duration sweep_interval = absl::Minutes(1);
  // How often request-id records and domain events past their retention
  // are deleted.
  absl::Duration purge_interval = absl::Minutes(10);
};

PartnershipsOptions PartnershipsOptionsFrom(const ServeConfig& config);

// The partnerships service with everything it runs on (its SQL store, the
// registry over it, identity as its party directory, the handlers), and its
// own work once serving: the sweep of time-driven transitions, the purge,
// and the consumer of identity's user and member events.
absl::StatusOr<std::unique_ptr<HostedService>> MakePartnershipsService(
    const ServiceContext& context, PartnershipsOptions options);

// The migrations of partnerships' own tables.
absl::StatusOr<std::vector<sql::MigrationSet>> PartnershipsMigrations();

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_PARTNERSHIPS_SERVICE_H_

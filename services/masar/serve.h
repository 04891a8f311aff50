#ifndef MASAR_SERVICES_MASAR_SERVE_H_
#define MASAR_SERVICES_MASAR_SERVE_H_

#include "absl/status/status.h"
#include "common/config/serve_config.h"

namespace masar {

// `masar serve`: builds the services `config` names, serves them until
// SIGTERM or SIGINT, then drains and returns OK. Call it before any other
// thread starts: it blocks those signals so that every thread inherits the
// mask and only this one receives them.
absl::Status RunServe(const ServeConfig& config);

// `masar migrate`: applies the pending migrations of the named services'
// stores under the migration lock, then returns.
absl::Status RunMigrate(const ServeConfig& config);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_SERVE_H_

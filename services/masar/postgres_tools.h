#ifndef MASAR_SERVICES_MASAR_POSTGRES_TOOLS_H_
#define MASAR_SERVICES_MASAR_POSTGRES_TOOLS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace masar {

// The path of PostgreSQL's client program `name` (pg_dump, pg_restore,
// psql): in `bin_dir` when given (--pg-bin-dir); otherwise in the newest
// /usr/lib/postgresql/<version>/bin (Debian's layout; pg_dump must be at
// least as new as the server), else on PATH. FAILED_PRECONDITION naming
// where it looked and the Debian package when it is nowhere.
absl::StatusOr<std::string> FindPostgresTool(const std::string& name,
                                             const std::string& bin_dir);

// Runs `argv` (argv[0] a path) with stdout written to `stdout_path` (empty:
// discarded) and waits. FAILED_PRECONDITION with the program's name and the
// end of its stderr when it exits non-zero.
absl::Status RunTool(const std::vector<std::string>& argv,
                     const std::string& stdout_path = "");

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_POSTGRES_TOOLS_H_

// The one binary of the suite: `masar serve` hosts any set of services.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "common/config/serve_config.h"
#include "services/masar/serve.h"

int main(int argc, char** argv) {
  // Stores, keys and checkpoints hold personal data and secrets: whatever
  // this process creates is for its own user only.
  ::umask(077);
  CLI::App app{"Masar: identity, onboarding, mentoring and partnerships "
               "services of the digital-services platform",
               "masar"};
  app.require_subcommand(1);

  masar::ServeConfig config;
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve the named services over gRPC until SIGTERM or SIGINT");
  masar::AddServeFlags(*serve, config);

  masar::ServeConfig migrate_config;
  CLI::App* migrate = app.add_subcommand(
      "migrate", "Apply pending schema migrations of the named services");
  masar::AddStoreFlags(*migrate, migrate_config);

  CLI::App* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (version->parsed()) {
    std::printf("masar %s (%s)\n", MASAR_VERSION, MASAR_BUILD_TYPE);
    return 0;
  }
  const bool migrating = migrate->parsed();
  const absl::Status status = migrating ? masar::RunMigrate(migrate_config)
                                        : masar::RunServe(config);
  if (!status.ok()) {
    std::fprintf(stderr, "masar %s: %s\n", migrating ? "migrate" : "serve",
                 std::string(status.message()).c_str());
    return 2;
  }
  return 0;
}

// The one binary of the suite: `masar serve` hosts any set of services.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "common/config/serve_config.h"
#include "services/masar/reseal.h"
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

  masar::ServeConfig reseal_config;
  CLI::App* reseal = app.add_subcommand(
      "reseal",
      "Seal every stored secret again with the newest keys of --keys-dir, "
      "recompute national id lookup digests, then forget older keys' "
      "fingerprints so those keys can be removed");
  masar::AddStoreFlags(*reseal, reseal_config);
  masar::AddKeysDirFlag(*reseal, reseal_config);

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
  const char* command = "serve";
  absl::Status status;
  if (migrate->parsed()) {
    command = "migrate";
    status = masar::RunMigrate(migrate_config);
  } else if (reseal->parsed()) {
    command = "reseal";
    status = masar::RunReseal(reseal_config);
  } else {
    status = masar::RunServe(config);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "masar %s: %s\n", command,
                 std::string(status.message()).c_str());
    return 2;
  }
  return 0;
}

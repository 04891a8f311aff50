// The one binary of the suite: `masar serve` hosts any set of services.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "common/config/serve_config.h"
#include "services/masar/backup.h"
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

  masar::BackupOptions backup_options;
  backup_options.masar_version = MASAR_VERSION;
  CLI::App* backup = app.add_subcommand(
      "backup",
      "Copy the named services' stores into a new directory while they keep "
      "serving: SQLite through its online backup API, PostgreSQL through "
      "pg_dump --format=custom of each service's schema; with the audit "
      "checkpoints, the keys generated under --data-dir and the files of "
      "--keys-dir (directory 0700, files 0400: it holds every secret), and "
      "manifest.json, written last, with each file's size and SHA-256");
  backup->add_option("--to", backup_options.dir,
                     "New or empty directory to write the backup into")
      ->required();
  masar::BackupOptions restore_options;
  CLI::App* restore = app.add_subcommand(
      "restore",
      "Restore the stores, keys and audit checkpoints of a backup (all its "
      "services, or those --services names) after checking every file "
      "against its manifest; a damaged or incomplete backup is refused and "
      "nothing changes. Every server of --data-dir must be stopped. Stores, "
      "checkpoints or keys holding other data are replaced only with "
      "--replace. The keys of a --keys-dir are not written: --keys-dir must "
      "hold them");
  restore->add_option("--from", restore_options.dir,
                      "Backup directory made by `masar backup`")
      ->required()
      ->check(CLI::ExistingDirectory);
  restore->add_flag("--replace", restore_options.replace,
                    "Replace stores, checkpoints and keys that hold data");
  for (auto [command, options] : {std::pair{backup, &backup_options},
                                  std::pair{restore, &restore_options}}) {
    masar::AddStoreFlags(*command, options->store);
    masar::AddKeysDirFlag(*command, options->store);
    command
        ->add_option("--pg-bin-dir", options->pg_bin_dir,
                     "Directory of pg_dump, pg_restore and psql (default: the "
                     "newest /usr/lib/postgresql/<version>/bin, then PATH)")
        ->envname("MASAR_PG_BIN_DIR");
  }

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
  } else if (backup->parsed()) {
    command = "backup";
    status = masar::RunBackup(backup_options);
  } else if (restore->parsed()) {
    command = "restore";
    status = masar::RunRestore(restore_options);
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

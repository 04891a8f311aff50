#ifndef MASAR_SERVICES_MASAR_BACKUP_H_
#define MASAR_SERVICES_MASAR_BACKUP_H_

#include <string>

#include "absl/status/status.h"
#include "common/config/serve_config.h"

namespace masar {

// What `masar backup` and `masar restore` are told.
struct BackupOptions {
  // Which services (backup: to copy; restore: to restore of those the
  // backup holds), where their stores, data dir and --keys-dir are.
  ServeConfig store;
  // The backup directory: --to (new or empty) or --from.
  std::string dir;
  // Where pg_dump, pg_restore and psql are; empty: found (FindPostgresTool).
  std::string pg_bin_dir;
  // Restore only: replace stores, keys and checkpoints that hold data.
  bool replace = false;
  // Recorded in the manifest.
  std::string masar_version;
};

// Layout of a backup directory (all files mode 0400, directories 0700):
//   manifest.json                    written last (common/backup/manifest.h)
//   audit-checkpoints/<service>.jsonl  copied before the stores, so every
//                                    checkpoint is of a chain head the
//                                    store's copy holds
//   stores/<service>.sqlite          SQLite online backup, or
//   stores/<service>.pgdump          pg_dump --format=custom of its schema
//   data-dir-keys/<file>             the keys generated under --data-dir
//   keys-dir/<file>                  the files of --keys-dir, when given
//
// `masar backup`: copies the stores while servers keep serving and writing.
absl::Status RunBackup(const BackupOptions& options);

// `masar restore`: verifies the whole backup, then replaces the stores,
// keys and checkpoints all together, or changes nothing (restore.cc).
absl::Status RunRestore(const BackupOptions& options);

}  // namespace masar

#endif  // MASAR_SERVICES_MASAR_BACKUP_H_

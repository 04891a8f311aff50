#ifndef MASAR_COMMON_BACKUP_SQLITE_BACKUP_H_
#define MASAR_COMMON_BACKUP_SQLITE_BACKUP_H_

#include <string>

#include "absl/status/status.h"

namespace masar::backup {

// Copies the SQLite database at `source` into a new file `dest` with
// SQLite's online backup API while other connections, in this process or
// another, keep reading and writing it: the copy is the database as one
// read transaction saw it, every transaction committed before it began and
// none after. In WAL mode that reader blocks no writer, so the copy is made
// in one step (a copy in several steps would restart whenever a writer
// commits, and might never finish under load).
//
// `dest` must not exist; it is left flushed to disk, or removed on failure.
// NOT_FOUND when `source` does not exist (it is never created).
absl::Status BackupSqliteDatabase(const std::string& source,
                                  const std::string& dest);

}  // namespace masar::backup

#endif  // MASAR_COMMON_BACKUP_SQLITE_BACKUP_H_

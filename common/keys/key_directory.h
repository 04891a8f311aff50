#ifndef MASAR_COMMON_KEYS_KEY_DIRECTORY_H_
#define MASAR_COMMON_KEYS_KEY_DIRECTORY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/keys/key_ring.h"

namespace masar::keys {

// Every key replicas must share, from one directory the way a Kubernetes
// Secret is mounted (`--keys-dir`): one file per key, named
// `<kind>.<label>`, kind one of KindName's ("totp.2026-01",
// "national-id-lookup.2026-01", "token-signing.2026-01"...). A file holds
// 32 raw bytes or 64 hex digits (a trailing newline allowed), made for
// example with `openssl rand -hex 32`, and is readable by its owner only
// (mode 0400 or 0600). Symbolic links are followed and names starting with
// "." skipped (Kubernetes keeps its "..data" links there).
//
// Keys of a kind order by file name: name them by date. The last seals
// (signs); all open (verify). A label ending in ".next" is staged: held, so
// values sealed with it open, but not used to seal until renamed without
// the suffix, which lets a rotation reach every replica before any replica
// seals with the new key.
//
// FAILED_PRECONDITION, naming the file (never its content), for a file of
// an unknown kind, readable by group or others, or holding something else,
// and for a directory that cannot be listed. A kind may be absent: the
// caller asks for the kinds it needs (KeySet::Get).
absl::StatusOr<KeySet> LoadKeyDirectory(const std::string& dir);

// A lone process's keys (no `--keys-dir`): one per kind in `kinds`, kept as
// `<data_dir>/keys/<kind>.key` (`<kind>.ed25519` for Ed25519 seeds), created
// on first use with fresh random bytes (mode 0600).
absl::StatusOr<KeySet> DataDirKeys(const std::string& data_dir,
                                   const std::vector<KeyKind>& kinds);

// Where DataDirKeys keeps `kind`'s key under `data_dir`.
std::string DataDirKeyPath(const std::string& data_dir, KeyKind kind);

}  // namespace masar::keys

#endif  // MASAR_COMMON_KEYS_KEY_DIRECTORY_H_

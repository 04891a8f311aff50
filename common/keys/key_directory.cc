#include "common/keys/key_directory.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/crypto/key_file.h"
#include "common/status/status_macros.h"

namespace masar::keys {
namespace {

constexpr absl::string_view kStagedSuffix = ".next";

absl::Status BadKeyFile(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat("key file ", path, ": ",
                                                    why));
}

// The key in `path`: 32 raw bytes, or 64 hex digits and maybe a newline.
absl::StatusOr<std::string> ReadKey(const std::string& path) {
  return crypto::ReadKeyFile(path, kKeyBytes, "key file");
}

std::string KnownKinds() {
  std::vector<std::string> names;
  for (KeyKind kind : AllKinds()) names.emplace_back(KindName(kind));
  return absl::StrJoin(names, ", ");
}

// The kind a file name starts with: "<kind>.<label>".
absl::StatusOr<KeyKind> KindOfFile(const std::string& dir,
                                   const std::string& name) {
  const size_t dot = name.find('.');
  absl::StatusOr<KeyKind> kind = absl::InvalidArgumentError("no label");
  if (dot != std::string::npos && dot + 1 < name.size()) {
    kind = KindFromName(absl::string_view(name).substr(0, dot));
  }
  if (!kind.ok()) {
    return BadKeyFile(absl::StrCat(dir, "/", name),
                      absl::StrCat("not named <kind>.<label>, kind one of ",
                                   KnownKinds()));
  }
  return kind;
}

// The file names of `dir` that are not hidden, sorted.
absl::StatusOr<std::vector<std::string>> ListNames(const std::string& dir) {
  std::error_code error;
  std::filesystem::directory_iterator entries(dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "keys: cannot list ", dir, ": ", error.message()));
  }
  std::vector<std::string> names;
  for (const std::filesystem::directory_entry& entry : entries) {
    std::string name = entry.path().filename().string();
    if (!absl::StartsWith(name, ".")) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

absl::StatusOr<KeySet> LoadKeyDirectory(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, ListNames(dir));
  std::map<KeyKind, std::vector<Key>> found;
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(KeyKind kind, KindOfFile(dir, name));
    const std::string path = absl::StrCat(dir, "/", name);
    ASSIGN_OR_RETURN(std::string secret, ReadKey(path));
    found[kind].emplace_back(std::move(secret), path,
                             absl::EndsWith(name, kStagedSuffix));
  }
  KeySet set(absl::StrCat("--keys-dir ", dir, " (MASAR_KEYS_DIR)"));
  for (auto& [kind, keys] : found) {
    ASSIGN_OR_RETURN(KeyRing ring, KeyRing::Create(kind, std::move(keys)));
    set.Put(std::move(ring));
  }
  return set;
}

std::string DataDirKeyPath(const std::string& data_dir, KeyKind kind) {
  const bool seed =
      kind == KeyKind::kTokenSigning || kind == KeyKind::kAuditCheckpoint;
  return absl::StrCat(data_dir, "/keys/", KindName(kind),
                      seed ? ".ed25519" : ".key");
}

absl::StatusOr<KeySet> DataDirKeys(const std::string& data_dir,
                                   const std::vector<KeyKind>& kinds) {
  KeySet set(absl::StrCat("--data-dir ", data_dir,
                          " (MASAR_DATA_DIR; no --keys-dir given)"));
  for (KeyKind kind : kinds) {
    const std::string path = DataDirKeyPath(data_dir, kind);
    ASSIGN_OR_RETURN(std::string secret,
                     crypto::LoadOrCreateSecret(path, kKeyBytes));
    std::vector<Key> keys;
    keys.emplace_back(std::move(secret), path);
    ASSIGN_OR_RETURN(KeyRing ring, KeyRing::Create(kind, std::move(keys)));
    set.Put(std::move(ring));
  }
  return set;
}

}  // namespace masar::keys

#include "common/auth/signing_key_files.h"

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/auth/jwks.h"
#include "common/crypto/ed25519.h"
#include "common/crypto/key_file.h"
#include "common/status/status_macros.h"

namespace masar::auth {
namespace {

constexpr char kSuffix[] = ".ed25519";
constexpr size_t kSeedBytes = 32;

absl::Status BadKeyFile(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat("token signing key ", path, ": ", why));
}

// The seed in `path`: 32 raw bytes, or 64 hex digits and maybe a newline.
absl::StatusOr<std::string> ReadSeed(const std::string& path) {
  return crypto::ReadKeyFile(path, kSeedBytes, "token signing key");
}

// The key files of `dir`, sorted by name.
absl::StatusOr<std::vector<std::string>> KeyFiles(const std::string& dir) {
  std::error_code error;
  std::filesystem::directory_iterator entries(dir, error);
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "token signing keys: cannot list ", dir, ": ", error.message()));
  }
  std::vector<std::string> names;
  for (const std::filesystem::directory_entry& entry : entries) {
    const std::string name = entry.path().filename().string();
    // Kubernetes keeps its own "..data" links beside the keys.
    if (absl::StartsWith(name, ".") || !absl::EndsWith(name, kSuffix)) {
      continue;
    }
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

absl::StatusOr<SigningKey> KeyFromSeed(absl::string_view seed) {
  ASSIGN_OR_RETURN(crypto::Ed25519KeyPair pair,
                   crypto::Ed25519KeyPair::FromSeed(seed));
  std::string kid = JwkThumbprint(pair.public_key());
  return SigningKey{std::move(kid), std::move(pair), absl::UnixEpoch()};
}

absl::StatusOr<SigningKeySet> LoadSigningKeys(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, KeyFiles(dir));
  if (names.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "token signing keys: no *", kSuffix, " file in ", dir));
  }
  SigningKeySet keys;
  for (const std::string& name : names) {
    const std::string path = absl::StrCat(dir, "/", name);
    ASSIGN_OR_RETURN(std::string seed, ReadSeed(path));
    absl::StatusOr<SigningKey> key = KeyFromSeed(seed);
    if (!key.ok()) return BadKeyFile(path, "not an Ed25519 seed");
    // Equal times: the set's newest is the last added, the last by name.
    if (!keys.Add(*std::move(key)).ok()) {
      return BadKeyFile(path, "repeats another key file");
    }
  }
  return keys;
}

}  // namespace masar::auth

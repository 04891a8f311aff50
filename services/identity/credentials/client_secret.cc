#include "services/identity/credentials/client_secret.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/crypto/digest.h"
#include "common/ids/ids.h"

namespace masar::identity {
namespace {

constexpr char kSecretHashScheme[] = "sha256";
constexpr size_t kSecretBytes = 32;
constexpr size_t kSaltBytes = 16;

}  // namespace

std::string NewClientSecret() { return RandomHex(kSecretBytes); }

std::string HashClientSecret(absl::string_view secret) {
  const std::string salt = RandomHex(kSaltBytes);
  return absl::StrCat(kSecretHashScheme, "$", salt, "$",
                      crypto::Sha256Hex(absl::StrCat(salt, secret)));
}

bool ClientSecretMatches(absl::string_view secret,
                         absl::string_view stored_hash) {
  std::vector<absl::string_view> parts = absl::StrSplit(stored_hash, '$');
  if (parts.size() != 3 || parts[0] != kSecretHashScheme) return false;
  return crypto::ConstantTimeEquals(
      crypto::Sha256Hex(absl::StrCat(parts[1], secret)), parts[2]);
}

}  // namespace masar::identity

#include "services/identity/credentials/totp_secret_cipher.h"

#include <sodium.h>

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace masar::identity {
namespace {

// What is sealed: the user id, a NUL (no id holds one), then the secret.
std::string Binding(absl::string_view user_id) {
  return absl::StrCat(user_id, absl::string_view("\0", 1));
}

}  // namespace

absl::StatusOr<std::unique_ptr<TotpSecretCipher>> TotpSecretCipher::Create(
    const keys::KeyRing& ring) {
  ASSIGN_OR_RETURN(std::unique_ptr<keys::SealingBox> box,
                   keys::SealingBox::Create(ring));
  return std::unique_ptr<TotpSecretCipher>(
      new TotpSecretCipher(std::move(box)));
}

absl::StatusOr<std::unique_ptr<TotpSecretCipher>> TotpSecretCipher::Create(
    absl::string_view key) {
  std::vector<keys::Key> one;
  one.emplace_back(std::string(key), "the given key");
  absl::StatusOr<keys::KeyRing> ring =
      keys::KeyRing::Create(keys::KeyKind::kTotp, std::move(one));
  if (!ring.ok()) return absl::InvalidArgumentError(ring.status().message());
  return Create(*ring);
}

std::string TotpSecretCipher::Seal(absl::string_view user_id,
                                   absl::string_view secret) const {
  std::string plaintext = absl::StrCat(Binding(user_id), secret);
  std::string sealed = box_->Seal(plaintext);
  sodium_memzero(plaintext.data(), plaintext.size());
  return sealed;
}

absl::StatusOr<std::string> TotpSecretCipher::Open(
    absl::string_view user_id, absl::string_view sealed) const {
  ASSIGN_OR_RETURN(std::string plaintext, box_->Open(sealed));
  const std::string binding = Binding(user_id);
  if (!absl::StartsWith(plaintext, binding)) {
    sodium_memzero(plaintext.data(), plaintext.size());
    return absl::DataLossError("the TOTP secret was sealed for another user");
  }
  std::string secret = plaintext.substr(binding.size());
  sodium_memzero(plaintext.data(), plaintext.size());
  return secret;
}

}  // namespace masar::identity

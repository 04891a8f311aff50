#include "services/identity/credentials/argon2id.h"

#include <sodium.h>

#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/match.h"

namespace masar::identity {
namespace {

absl::Status SodiumReady() {
  // sodium_init is idempotent and thread-safe; -1 means no usable RNG.
  if (sodium_init() < 0) return absl::InternalError("libsodium init failed");
  return absl::OkStatus();
}

// libsodium wants a NUL-terminated encoded hash; a string_view need not be.
bool ToEncodedBuffer(absl::string_view encoded,
                     char (&buffer)[crypto_pwhash_STRBYTES]) {
  if (encoded.size() >= crypto_pwhash_STRBYTES ||
      encoded.find('\0') != absl::string_view::npos) {
    return false;
  }
  std::memcpy(buffer, encoded.data(), encoded.size());
  buffer[encoded.size()] = '\0';
  return true;
}

}  // namespace

Argon2id::Argon2id(uint64_t passes, size_t memory_bytes)
    : passes_(passes), memory_bytes_(memory_bytes) {}

absl::StatusOr<std::string> Argon2id::Hash(absl::string_view password) {
  if (absl::Status ready = SodiumReady(); !ready.ok()) return ready;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), passes_,
                            memory_bytes_, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("argon2id: out of memory");
  }
  return std::string(out);
}

absl::StatusOr<bool> Argon2id::Verify(absl::string_view encoded,
                                      absl::string_view password) {
  if (absl::Status ready = SodiumReady(); !ready.ok()) return ready;
  char buffer[crypto_pwhash_STRBYTES];
  if (!ToEncodedBuffer(encoded, buffer) ||
      !absl::StartsWith(encoded, crypto_pwhash_argon2id_STRPREFIX)) {
    return absl::InvalidArgumentError("not an argon2id password hash");
  }
  return crypto_pwhash_str_verify(buffer, password.data(), password.size()) ==
         0;
}

bool Argon2id::NeedsRehash(absl::string_view encoded) const {
  char buffer[crypto_pwhash_STRBYTES];
  if (!ToEncodedBuffer(encoded, buffer)) return true;
  // 1 for other parameters, -1 for another algorithm or a malformed string.
  return crypto_pwhash_str_needs_rehash(buffer, passes_, memory_bytes_) != 0;
}

}  // namespace masar::identity

#include "common/crypto/ed25519.h"

#include <sodium.h>

#include <cstdlib>

#include "absl/status/status.h"
#include "common/crypto/random.h"

namespace masar::crypto {
namespace {

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

void InitSodium() {
  // Fails only without a usable random source, where going on is unsafe.
  if (sodium_init() < 0) std::abort();
}

}  // namespace

Ed25519KeyPair::Ed25519KeyPair(std::string seed, std::string public_key,
                               std::string secret_key)
    : seed_(std::move(seed)),
      public_key_(std::move(public_key)),
      secret_key_(std::move(secret_key)) {}

Ed25519KeyPair Ed25519KeyPair::Generate() {
  return *FromSeed(RandomBytes(crypto_sign_SEEDBYTES));
}

absl::StatusOr<Ed25519KeyPair> Ed25519KeyPair::FromSeed(
    absl::string_view seed) {
  InitSodium();
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return absl::InvalidArgumentError("an Ed25519 seed is 32 bytes");
  }
  std::string public_key(crypto_sign_PUBLICKEYBYTES, '\0');
  std::string secret_key(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(Bytes(public_key), Bytes(secret_key), Bytes(seed));
  return Ed25519KeyPair(std::string(seed), std::move(public_key),
                        std::move(secret_key));
}

std::string Ed25519KeyPair::Sign(absl::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(Bytes(signature), nullptr, Bytes(message),
                       message.size(), Bytes(secret_key_));
  return signature;
}

bool Ed25519Verify(absl::string_view public_key, absl::string_view message,
                   absl::string_view signature) {
  InitSodium();
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES ||
      signature.size() != crypto_sign_BYTES) {
    return false;
  }
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message),
                                     message.size(), Bytes(public_key)) == 0;
}

}  // namespace masar::crypto

#include "common/crypto/random.h"

#include <openssl/rand.h>

#include <cstdlib>

namespace masar::crypto {

std::string RandomBytes(std::size_t size) {
  std::string out(size, '\0');
  // OpenSSL's DRBG, seeded from the kernel and reseeded on its schedule and
  // after fork, answers from per-thread state without a system call: a
  // request id costs no getrandom(2) per call. It fails only without a
  // usable entropy source, where going on would be unsafe.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(out.size())) != 1) {
    std::abort();
  }
  return out;
}

}  // namespace masar::crypto

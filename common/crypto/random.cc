#include "common/crypto/random.h"

#include <sodium.h>

#include <cstdlib>

namespace masar::crypto {

std::string RandomBytes(std::size_t size) {
  // sodium_init is idempotent and thread-safe; it fails only without a
  // usable random source, where going on would be unsafe.
  if (sodium_init() < 0) std::abort();
  std::string out(size, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

}  // namespace masar::crypto

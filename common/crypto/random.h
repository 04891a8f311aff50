#ifndef MASAR_COMMON_CRYPTO_RANDOM_H_
#define MASAR_COMMON_CRYPTO_RANDOM_H_

#include <cstddef>
#include <string>

namespace masar::crypto {

// `size` bytes from a CSPRNG (OpenSSL's DRBG over the kernel's): the one
// source of every key, secret, salt, token and id the services make.
std::string RandomBytes(std::size_t size);

}  // namespace masar::crypto

#endif  // MASAR_COMMON_CRYPTO_RANDOM_H_

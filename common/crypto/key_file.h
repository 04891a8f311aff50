#ifndef MASAR_COMMON_CRYPTO_KEY_FILE_H_
#define MASAR_COMMON_CRYPTO_KEY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace masar::crypto {

// The `size` secret bytes in the file at `path`; when the file does not
// exist, creates it (mode 0600, exclusively, so two processes starting
// together agree on one key) with fresh random bytes. FAILED_PRECONDITION
// for a file of another size or readable by others.
absl::StatusOr<std::string> LoadOrCreateSecret(const std::string& path,
                                               size_t size);

// The `size` secret bytes of an operator-provided key file (a mounted
// Kubernetes Secret): the raw bytes, or twice as many hex digits with maybe
// a trailing newline (`openssl rand -hex 32`). FAILED_PRECONDITION, naming
// `what` and the path, for anything else or a file others may read.
absl::StatusOr<std::string> ReadKeyFile(const std::string& path, size_t size,
                                        absl::string_view what);

}  // namespace masar::crypto

#endif  // MASAR_COMMON_CRYPTO_KEY_FILE_H_

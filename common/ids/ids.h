#ifndef MASAR_COMMON_IDS_IDS_H_
#define MASAR_COMMON_IDS_IDS_H_

#include <cstddef>
#include <string>
#include "absl/strings/string_view.h"

namespace masar {

// A random (version 4) UUID in canonical lower-case text,
// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", from the system's CSPRNG.
std::string NewUuid();

// True when `text` is a UUID in canonical text form (any version, any case).
bool IsUuid(absl::string_view text);

// `bytes` random bytes from the system's CSPRNG as lower-case hex, for trace
// ids and other opaque random identifiers.
std::string RandomHex(std::size_t bytes);

}  // namespace masar

#endif  // MASAR_COMMON_IDS_IDS_H_

#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_CLIENT_SECRET_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_CLIENT_SECRET_H_

#include <string>

#include "absl/strings/string_view.h"

namespace masar::identity {

// Client secrets of service accounts: 32 bytes from the CSPRNG, given to the
// caller once as 64 hex characters. Stored as "sha256$<salt>$<digest>", the
// hex SHA-256 of a random 16-byte salt followed by the secret: a secret of
// 256 random bits cannot be guessed, so a slow password hash (Argon2id)
// would only cost CPU on every AuthenticateServiceAccount; the salt keeps
// two equal secrets from sharing a digest. Compared in constant time.
std::string NewClientSecret();
std::string HashClientSecret(absl::string_view secret);
bool ClientSecretMatches(absl::string_view secret,
                         absl::string_view stored_hash);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_CLIENT_SECRET_H_

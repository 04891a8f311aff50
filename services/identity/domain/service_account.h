#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_SERVICE_ACCOUNT_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_SERVICE_ACCOUNT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/aip/etag.h"

namespace masar::identity {

// Values match masar.identity.v1.ServiceAccount.State.
enum class ServiceAccountState { kUnspecified = 0, kActive = 1, kDisabled = 2 };

// A non-human principal signing in with client credentials. Secret hashes
// are opaque strings from services/identity/credentials.
struct ServiceAccount {
  std::string id;  // caller-chosen; the resource name is "serviceAccounts/{id}"
  std::string display_name;
  std::string description;
  ServiceAccountState state = ServiceAccountState::kActive;
  std::string client_id;  // server-generated, unique, stable
  std::string secret_hash;
  absl::Time secret_create_time;
  // After a rotation with a grace period: the previous secret's hash and
  // when it stops working.
  std::string previous_secret_hash;
  std::optional<absl::Time> previous_secret_expire_time;
  // Access tokens issued before it are refused.
  std::optional<absl::Time> tokens_not_before;
  // Deleted for good: secrets cleared, the id stays reserved.
  std::optional<absl::Time> delete_time;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 0;

  bool deleted() const { return delete_time.has_value(); }
  std::string name() const { return absl::StrCat("serviceAccounts/", id); }
  std::string etag() const { return aip::RenderEtag(version); }

  friend bool operator==(const ServiceAccount&,
                         const ServiceAccount&) = default;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_SERVICE_ACCOUNT_H_

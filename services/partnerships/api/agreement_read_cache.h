#ifndef MASAR_SERVICES_PARTNERSHIPS_API_AGREEMENT_READ_CACHE_H_
#define MASAR_SERVICES_PARTNERSHIPS_API_AGREEMENT_READ_CACHE_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/auth/caller.h"
#include "common/clock/calendar.h"
#include "common/grpc/call_metadata.h"
#include "common/resource_cache/resource_cache.h"
#include "masar/partnerships/v1/agreement.pb.h"
#include "services/partnerships/domain/agreement.h"
#include "services/partnerships/domain/agreement_registry.h"

namespace masar::partnerships {

// GetAgreement's read-through cache, keyed by agreement id (the store's
// SqlAgreementRepository invalidates the key in every write's transaction).
//
// What a reader sees depends on the day: expiry, supersession and
// `in_force` are derived on read. An entry is the agreement as seen on the
// day it was filled, with the days it stays so: from that day to the next
// on which its effective_on, expires_on or supersede_on changes what a
// reader sees. A hit outside those days is not served (the registry
// answers), so the cache never shows a state time has changed.
//
// The fill is the service's own read (SERVICE on `*`), shared by every
// reader of the key; each reader's visibility is then checked on the
// entry: a reader who may read it by role alone (PLATFORM_ADMIN, officer
// or auditor on `*` or on a party, SERVICE, a party's signatory) is served
// from it, inline on a hit; anyone else (a member of a party organization,
// which takes a call to identity) is answered by the registry. Thread-safe.
class AgreementReadCache {
 public:
  // None is owned; all outlive the cache.
  AgreementReadCache(ResourceCache* cache, AgreementRegistry* registry,
                     const Calendar* calendar)
      : cache_(cache), registry_(registry), calendar_(calendar) {}

  // On gRPC's thread, never blocking: the agreement `name` into `out` from
  // an in-process cache that holds a view valid today and that `caller`
  // may read by role; nullopt when Read must answer.
  std::optional<absl::Status> Peek(const auth::Caller& caller,
                                   const std::string& name, v1::Agreement& out);

  // On the executor: through the cache, or the registry.
  absl::Status Read(const CallMetadata& call, const auth::Caller& caller,
                    const std::string& name, v1::Agreement& out);

  // An entry's text: the agreement as seen on `filled_on` with the days it
  // stays so (empty when the day changed during the fill), and back.
  static std::string Encode(const Agreement& seen, absl::CivilDay filled_on,
                            absl::CivilDay read_on);
  struct Entry {
    absl::CivilDay from;
    absl::CivilDay until;  // exclusive
    v1::Agreement agreement;
  };
  static std::optional<Entry> Decode(absl::string_view text);

 private:
  // The entry's agreement when valid today and readable by `caller`
  // without asking identity.
  std::optional<v1::Agreement> Usable(const auth::Caller& caller,
                                      absl::string_view text) const;

  ResourceCache* const cache_;
  AgreementRegistry* const registry_;
  const Calendar* const calendar_;
};

}  // namespace masar::partnerships

#endif  // MASAR_SERVICES_PARTNERSHIPS_API_AGREEMENT_READ_CACHE_H_

#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_ORGANIZATION_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_ORGANIZATION_REPOSITORY_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/aip/pagination.h"
#include "services/identity/domain/organization.h"
#include "services/identity/domain/transaction.h"

namespace masar::identity {

struct OrganizationFilter {
  OrganizationKind kind = OrganizationKind::kUnspecified;  // any
  std::string country;                                     // any when empty
  std::string ice;                                         // any when empty
  // Matched, ASCII case-insensitively, as a substring of the display name in
  // any language; any when empty.
  std::string display_name_query;
  bool show_deleted = false;
};

// Organizations, ordered by (create_time, id). An ICE is unique among live
// (not deleted) organizations.
class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;

  // ALREADY_EXISTS (IceTaken) when a live organization has the ICE.
  virtual absl::Status Create(Transaction& tx, const Organization& org) = 0;

  // Deleted ones included. NOT_FOUND (OrganizationNotFound) when absent.
  virtual absl::StatusOr<Organization> Get(Transaction& tx,
                                           absl::string_view id) = 0;

  // The live organization with this ICE, if any.
  virtual absl::StatusOr<std::optional<Organization>> FindLiveByIce(
      Transaction& tx, absl::string_view ice) = 0;

  virtual absl::StatusOr<ListResult<Organization>> List(
      Transaction& tx, const OrganizationFilter& filter,
      const PageQuery& page) = 0;

  // Compare-and-set on `org.version` (see UserRepository::Update); the soft
  // delete is an update setting delete_time. ALREADY_EXISTS (IceTaken).
  virtual absl::StatusOr<Organization> Update(Transaction& tx,
                                              const Organization& org) = 0;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_ORGANIZATION_REPOSITORY_H_

#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_ORGANIZATION_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_ORGANIZATION_REPOSITORY_H_

#include "services/identity/domain/organization_repository.h"

namespace masar::identity {

// OrganizationRepository over masar::sql (table identity_organizations).
class SqlOrganizationRepository final : public OrganizationRepository {
 public:
  absl::Status Create(Transaction& tx, const Organization& org) override;
  absl::StatusOr<Organization> Get(Transaction& tx,
                                   absl::string_view id) override;
  absl::StatusOr<std::optional<Organization>> FindLiveByIce(
      Transaction& tx, absl::string_view ice) override;
  absl::StatusOr<aip::ListResult<Organization>> List(
      Transaction& tx, const OrganizationFilter& filter,
      const aip::PageQuery& page) override;
  absl::StatusOr<Organization> Update(Transaction& tx,
                                      const Organization& org) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_ORGANIZATION_REPOSITORY_H_

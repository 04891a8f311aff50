#ifndef MASAR_SERVICES_IDENTITY_STORE_SQL_MEMBER_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_STORE_SQL_MEMBER_REPOSITORY_H_

#include "services/identity/domain/member_repository.h"

namespace masar::identity {

// MemberRepository over masar::sql (table identity_members).
class SqlMemberRepository final : public MemberRepository {
 public:
  absl::Status Create(Transaction& tx, const Member& member) override;
  absl::StatusOr<Member> Get(Transaction& tx, absl::string_view organization_id,
                             absl::string_view user_id) override;
  absl::StatusOr<aip::ListResult<Member>> List(Transaction& tx,
                                          const MemberFilter& filter,
                                          const aip::PageQuery& page) override;
  absl::StatusOr<int64_t> CountOwners(
      Transaction& tx, absl::string_view organization_id) override;
  absl::StatusOr<Member> Update(Transaction& tx, const Member& member) override;
  absl::Status Delete(Transaction& tx, const Member& member) override;
  absl::StatusOr<std::vector<Member>> DeleteAllOfOrganization(
      Transaction& tx, absl::string_view organization_id) override;
  absl::StatusOr<std::vector<Member>> DeleteAllOfUser(Transaction& tx,
                                          absl::string_view user_id) override;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_STORE_SQL_MEMBER_REPOSITORY_H_

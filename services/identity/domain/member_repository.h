#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_MEMBER_REPOSITORY_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_MEMBER_REPOSITORY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/aip/pagination.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/member.h"

namespace masar::identity {

struct MemberFilter {
  std::string organization_id;                 // empty: every organization
  std::string user_id;                         // empty: every user
  MemberRole role = MemberRole::kUnspecified;  // any
};

// Memberships, keyed by (organization, user), ordered by create_time then
// "{organization_id}/{user_id}".
class MemberRepository {
 public:
  virtual ~MemberRepository() = default;

  // ALREADY_EXISTS (MemberExists) when the user is already a member.
  virtual absl::Status Create(Transaction& tx, const Member& member) = 0;

  // NOT_FOUND (MemberNotFound) when absent.
  virtual absl::StatusOr<Member> Get(Transaction& tx,
                                     absl::string_view organization_id,
                                     absl::string_view user_id) = 0;

  virtual absl::StatusOr<aip::ListResult<Member>> List(Transaction& tx,
                                                  const MemberFilter& filter,
                                                  const aip::PageQuery& page) = 0;

  // How many OWNER members the organization has.
  virtual absl::StatusOr<int64_t> CountOwners(
      Transaction& tx, absl::string_view organization_id) = 0;

  // Compare-and-set on `member.version` (see UserRepository::Update).
  virtual absl::StatusOr<Member> Update(Transaction& tx,
                                        const Member& member) = 0;

  // Deletes the membership if its version is `version`: ABORTED
  // (aip::StaleEtag) otherwise, NOT_FOUND when absent.
  virtual absl::Status Delete(Transaction& tx, const Member& member) = 0;

  // Deletes every membership of an organization, or of a user; returns
  // them as they were, in no particular order.
  virtual absl::StatusOr<std::vector<Member>> DeleteAllOfOrganization(
      Transaction& tx, absl::string_view organization_id) = 0;
  virtual absl::StatusOr<std::vector<Member>> DeleteAllOfUser(
      Transaction& tx, absl::string_view user_id) = 0;
};

// The cursor key of a membership in lists.
inline std::string MemberCursorKey(const Member& member) {
  return member.organization_id + "/" + member.user_id;
}

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_MEMBER_REPOSITORY_H_

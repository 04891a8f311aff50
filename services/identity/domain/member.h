#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_MEMBER_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_MEMBER_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/aip/etag.h"

namespace masar::identity {

// Values match masar.identity.v1.Member.Role.
enum class MemberRole { kUnspecified = 0, kOwner = 1, kMember = 2 };

// A user's membership of an organization: at most one per (organization,
// user), so the user id is the membership's id.
struct Member {
  std::string organization_id;
  std::string user_id;
  std::string title;
  MemberRole role = MemberRole::kUnspecified;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 0;

  std::string name() const {
    return absl::StrCat("organizations/", organization_id, "/members/",
                        user_id);
  }
  std::string user() const { return absl::StrCat("users/", user_id); }
  std::string etag() const { return aip::RenderEtag(version); }

  friend bool operator==(const Member&, const Member&) = default;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_MEMBER_H_

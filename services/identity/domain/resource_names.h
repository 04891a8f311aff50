#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_RESOURCE_NAMES_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_RESOURCE_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// Parsing of identity resource names; INVALID_ARGUMENT naming `field` when
// malformed.
namespace masar::identity {

// "users/{uuid}" -> the uuid.
absl::StatusOr<std::string> ParseUserName(absl::string_view field,
                                          absl::string_view name);
// "organizations/{uuid}" -> the uuid.
absl::StatusOr<std::string> ParseOrganizationName(absl::string_view field,
                                                  absl::string_view name);
struct MemberKey {
  std::string organization_id;
  std::string user_id;
};
// "organizations/{uuid}/members/{uuid}".
absl::StatusOr<MemberKey> ParseMemberName(absl::string_view field,
                                          absl::string_view name);
// "serviceAccounts/{id}" -> the id.
absl::StatusOr<std::string> ParseServiceAccountName(absl::string_view field,
                                                    absl::string_view name);
// "roleBindings/{uuid}" -> the uuid.
absl::StatusOr<std::string> ParseRoleBindingName(absl::string_view field,
                                                 absl::string_view name);

enum class PrincipalKind { kUser, kServiceAccount };
struct PrincipalRef {
  PrincipalKind kind = PrincipalKind::kUser;
  std::string id;
};
// "users/{uuid}" or "serviceAccounts/{id}".
absl::StatusOr<PrincipalRef> ParsePrincipal(absl::string_view field,
                                            absl::string_view principal);

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_RESOURCE_NAMES_H_

#include "services/identity/domain/resource_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"
#include "services/identity/domain/validation.h"

namespace masar::identity {
namespace {

absl::StatusOr<std::string> ParseUuidName(absl::string_view field,
                                          absl::string_view name,
                                          absl::string_view collection) {
  if (!absl::ConsumePrefix(&name, collection) || !IsUuid(name)) {
    return InvalidArgumentError(
        field, absl::StrCat("must be \"", collection, "{uuid}\""));
  }
  return absl::AsciiStrToLower(name);
}

}  // namespace

absl::StatusOr<std::string> ParseUserName(absl::string_view field,
                                          absl::string_view name) {
  return ParseUuidName(field, name, "users/");
}

absl::StatusOr<std::string> ParseOrganizationName(absl::string_view field,
                                                  absl::string_view name) {
  return ParseUuidName(field, name, "organizations/");
}

absl::StatusOr<MemberKey> ParseMemberName(absl::string_view field,
                                          absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "organizations" ||
      parts[2] != "members" || !IsUuid(parts[1]) || !IsUuid(parts[3])) {
    return InvalidArgumentError(
        field, "must be \"organizations/{uuid}/members/{uuid}\"");
  }
  return MemberKey{absl::AsciiStrToLower(parts[1]),
                   absl::AsciiStrToLower(parts[3])};
}

absl::StatusOr<std::string> ParseServiceAccountName(absl::string_view field,
                                                    absl::string_view name) {
  if (!absl::ConsumePrefix(&name, "serviceAccounts/") ||
      !ValidateServiceAccountId(field, name).ok()) {
    return InvalidArgumentError(field, "must be \"serviceAccounts/{id}\"");
  }
  return std::string(name);
}

absl::StatusOr<std::string> ParseRoleBindingName(absl::string_view field,
                                                 absl::string_view name) {
  return ParseUuidName(field, name, "roleBindings/");
}

absl::StatusOr<PrincipalRef> ParsePrincipal(absl::string_view field,
                                            absl::string_view principal) {
  if (absl::StartsWith(principal, "users/")) {
    absl::StatusOr<std::string> id = ParseUserName(field, principal);
    if (id.ok()) return PrincipalRef{PrincipalKind::kUser, *id};
  } else if (absl::StartsWith(principal, "serviceAccounts/")) {
    absl::StatusOr<std::string> id = ParseServiceAccountName(field, principal);
    if (id.ok()) return PrincipalRef{PrincipalKind::kServiceAccount, *id};
  }
  return InvalidArgumentError(
      field, "must be \"users/{uuid}\" or \"serviceAccounts/{id}\"");
}

}  // namespace masar::identity

#ifndef MASAR_SERVICES_IDENTITY_DOMAIN_IDENTITY_DIRECTORY_H_
#define MASAR_SERVICES_IDENTITY_DOMAIN_IDENTITY_DIRECTORY_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/aip/pagination.h"
#include "common/clock/clock.h"
#include "common/unit_of_work/unit_of_work.h"
#include "services/identity/domain/actor.h"
#include "services/identity/domain/audit_trail.h"
#include "services/identity/domain/identity_event_log.h"
#include "services/identity/domain/member_repository.h"
#include "services/identity/domain/organization_repository.h"
#include "services/identity/domain/revocation_log.h"
#include "services/identity/domain/role_binding_repository.h"
#include "services/identity/domain/service_account_repository.h"
#include "services/identity/domain/session_store.h"
#include "services/identity/domain/user_repository.h"

namespace masar::identity {

// The ports IdentityDirectory works through; none is owned.
struct IdentityPorts {
  UnitOfWork* unit_of_work = nullptr;
  UserRepository* users = nullptr;
  OrganizationRepository* organizations = nullptr;
  MemberRepository* members = nullptr;
  RoleBindingRepository* role_bindings = nullptr;
  ServiceAccountRepository* service_accounts = nullptr;
  AuditTrail* audit = nullptr;
  const Clock* clock = nullptr;
  // Where ending a user's sessions forgets their device tokens, and records
  // its revocation.
  SessionStore* sessions = nullptr;
  RevocationLog* revocations = nullptr;
  // Where users' state changes, removed members and deleted role bindings
  // are told to the other services.
  IdentityEventLog* events = nullptr;
};

// Demographics as a request gives them (consent_time is the server's).
struct DemographicsInput {
  Gender gender = Gender::kUnspecified;
  int birth_year = 0;
  bool consent = false;
};

// How many users one BatchGetUsers and one CountDemographics may name.
inline constexpr int kMaxBatchUsers = 500;
inline constexpr int kMaxCountedUsers = 10000;

// CountDemographics' answer: how many distinct users were counted, and how
// many of them share each (gender, age band) pair that counts anyone.
struct DemographicsCounts {
  int total = 0;
  std::map<std::pair<Gender, AgeBand>, int> counts;
};

struct NewUser {
  std::string display_name;
  std::string email;
  std::string phone;
  // From services/identity/credentials: the encrypted CNIE and its masked
  // form, both empty when none is given.
  std::string national_id_ciphertext;
  std::string national_id_masked;
  // Its lookup digest under the newest lookup key, and under every held
  // one (a user holding any of them already has this identifier).
  std::string national_id_lookup;
  std::vector<std::string> national_id_lookups;
  Language preferred_language = Language::kUnspecified;
  std::optional<DemographicsInput> demographics;
  std::string password_hash;  // from services/identity/credentials
};

// UpdateUser: the fields named by `update_mask` ("display_name", "email",
// "phone", "national_id", "preferred_language", "demographics") are taken
// from this command.
struct UserUpdate {
  std::string name;  // "users/{id}"
  std::vector<std::string> update_mask;
  std::string etag;  // required
  std::string display_name;
  std::string email;
  std::string phone;
  std::string national_id_ciphertext;  // empty with "national_id": remove
  std::string national_id_masked;
  std::string national_id_lookup;  // as in NewUser
  std::vector<std::string> national_id_lookups;
  Language preferred_language = Language::kUnspecified;
  std::optional<DemographicsInput> demographics;  // unset: withdraw consent
};

// A state change or delete of a named resource, with an optional etag.
struct NameAndEtag {
  std::string name;
  std::string etag;  // optional: empty skips the check
};

struct NewOrganization {
  LocalizedText display_name;
  OrganizationKind kind = OrganizationKind::kUnspecified;
  std::string country;
  std::string ice;
  std::string website;
};

// UpdateOrganization: mask paths "display_name", "country", "ice",
// "website".
struct OrganizationUpdate {
  std::string name;
  std::vector<std::string> update_mask;
  std::string etag;  // required
  LocalizedText display_name;
  std::string country;
  std::string ice;
  std::string website;
};

struct CreatedOrganization {
  Organization organization;
  std::optional<Member> owner_member;
  std::optional<RoleBinding> founder_role_binding;
};

struct NewMember {
  std::string parent;  // "organizations/{id}"
  std::string user;    // "users/{id}"
  std::string title;
  MemberRole role = MemberRole::kUnspecified;
};

struct MemberListRequest {
  std::string parent;  // "organizations/{id}" or "organizations/-"
  std::string user;    // "users/{id}" or empty
  MemberRole role = MemberRole::kUnspecified;
  aip::PageRequest page;
};

// UpdateMember: mask paths "title", "role".
struct MemberUpdate {
  std::string name;  // "organizations/{o}/members/{u}"
  std::vector<std::string> update_mask;
  std::string etag;  // required
  std::string title;
  MemberRole role = MemberRole::kUnspecified;
};

struct NewRoleBinding {
  std::string principal;
  Role role = Role::kUnspecified;
  std::string scope;
};

struct NewServiceAccount {
  std::string service_account_id;
  std::string display_name;
  std::string description;
  std::string secret_hash;  // from services/identity/credentials
};

// UpdateServiceAccount: mask paths "display_name", "description".
struct ServiceAccountUpdate {
  std::string name;
  std::vector<std::string> update_mask;
  std::string etag;  // required
  std::string display_name;
  std::string description;
};

struct SecretRotation {
  std::string name;
  std::string new_secret_hash;  // from services/identity/credentials
  // How long the previous secret keeps working, 0..24 hours.
  absl::Duration previous_secret_validity = absl::ZeroDuration();
  std::string etag;  // optional
};

// The identity use cases that need neither credentials nor tokens, with
// their object-level authorization (DESIGN section 3: NOT_FOUND for what
// the actor may not see, PERMISSION_DENIED for what they may see but not
// change). Every change appends its audit record in its own transaction.
//
// Each change comes in two forms: one that opens its own transaction, and
// one that runs inside the caller's `tx` (so the API layer can put the
// request-id record, or a credentials step, in the same transaction). Users,
// organizations, members and role bindings returned carry every stored
// field, secrets included: the API layer decides what leaves the service.
// Thread-safe if the ports are.
class IdentityDirectory {
 public:
  explicit IdentityDirectory(IdentityPorts ports);

  // Users.
  absl::StatusOr<User> CreateUser(Transaction& tx, const Actor& actor,
                                  const NewUser& user);
  absl::StatusOr<User> GetUser(const Actor& actor, const std::string& name);
  // GetUser in its two steps, for a read-through cache in front of the
  // read: the id named by `name` once `actor` may see that user (NOT_FOUND
  // otherwise, not revealing whether it exists), then the read, which checks
  // nothing and must only follow the first step.
  absl::StatusOr<std::string> VisibleUserId(const Actor& actor,
                                            const std::string& name) const;
  absl::StatusOr<User> ReadUser(absl::string_view id);
  absl::StatusOr<aip::Page<User>> ListUsers(const Actor& actor,
                                            const UserFilter& filter,
                                            const aip::PageRequest& page);
  absl::StatusOr<User> UpdateUser(Transaction& tx, const Actor& actor,
                                  const UserUpdate& update);
  // The users `names` name, in that order (a name twice, twice): what
  // other services show as person cards. SERVICE only; INVALID_ARGUMENT
  // for none, more than kMaxBatchUsers or a malformed name (field
  // "names"), NOT_FOUND naming the first unknown user.
  absl::StatusOr<std::vector<User>> BatchGetUsers(
      const Actor& actor, const std::vector<std::string>& names);
  // The distinct users `names` name counted by consented gender and age
  // band at `reference_year`. SERVICE only; INVALID_ARGUMENT as
  // BatchGetUsers (field "users", at most kMaxCountedUsers) or for a
  // reference year outside 1900..9999, NOT_FOUND naming an unknown user.
  absl::StatusOr<DemographicsCounts> CountDemographics(
      const Actor& actor, const std::vector<std::string>& names,
      int reference_year);

  absl::StatusOr<User> DisableUser(Transaction& tx, const Actor& actor,
                                   const NameAndEtag& req);
  absl::StatusOr<User> EnableUser(Transaction& tx, const Actor& actor,
                                  const NameAndEtag& req);
  // Erasure (law 09-08): returns the user as left, in STATE_ERASED.
  absl::StatusOr<User> DeleteUser(Transaction& tx, const Actor& actor,
                                  const NameAndEtag& req);

  // Organizations.
  absl::StatusOr<CreatedOrganization> CreateOrganization(
      Transaction& tx, const Actor& actor, const NewOrganization& org);
  absl::StatusOr<Organization> GetOrganization(const Actor& actor,
                                               const std::string& name);
  absl::StatusOr<aip::Page<Organization>> ListOrganizations(
      const Actor& actor, const OrganizationFilter& filter,
      const aip::PageRequest& page);
  absl::StatusOr<Organization> UpdateOrganization(
      Transaction& tx, const Actor& actor, const OrganizationUpdate& update);
  absl::StatusOr<Organization> DeleteOrganization(Transaction& tx,
                                                  const Actor& actor,
                                                  const NameAndEtag& req);

  // Members.
  absl::StatusOr<Member> CreateMember(Transaction& tx, const Actor& actor,
                                      const NewMember& member);
  absl::StatusOr<Member> GetMember(const Actor& actor, const std::string& name);
  absl::StatusOr<aip::Page<Member>> ListMembers(
      const Actor& actor, const MemberListRequest& request);
  absl::StatusOr<Member> UpdateMember(Transaction& tx, const Actor& actor,
                                      const MemberUpdate& update);
  absl::Status DeleteMember(Transaction& tx, const Actor& actor,
                            const NameAndEtag& req);

  // Role bindings.
  absl::StatusOr<RoleBinding> CreateRoleBinding(Transaction& tx,
                                                const Actor& actor,
                                                const NewRoleBinding& binding);
  absl::StatusOr<RoleBinding> GetRoleBinding(const Actor& actor,
                                             const std::string& name);
  absl::StatusOr<aip::Page<RoleBinding>> ListRoleBindings(
      const Actor& actor, const RoleBindingFilter& filter,
      const aip::PageRequest& page);
  absl::Status DeleteRoleBinding(Transaction& tx, const Actor& actor,
                                 const std::string& name);
  // The scoped roles a principal's next token carries.
  absl::StatusOr<std::vector<RoleBinding>> RolesOf(
      Transaction& tx, const std::string& principal);

  // Service accounts.
  absl::StatusOr<ServiceAccount> CreateServiceAccount(
      Transaction& tx, const Actor& actor, const NewServiceAccount& account);
  absl::StatusOr<ServiceAccount> GetServiceAccount(const Actor& actor,
                                                   const std::string& name);
  absl::StatusOr<aip::Page<ServiceAccount>> ListServiceAccounts(
      const Actor& actor, const ServiceAccountFilter& filter,
      const aip::PageRequest& page);
  absl::StatusOr<ServiceAccount> UpdateServiceAccount(
      Transaction& tx, const Actor& actor, const ServiceAccountUpdate& update);
  absl::StatusOr<ServiceAccount> RotateServiceAccountSecret(
      Transaction& tx, const Actor& actor, const SecretRotation& rotation);
  absl::StatusOr<ServiceAccount> DisableServiceAccount(Transaction& tx,
                                                       const Actor& actor,
                                                       const NameAndEtag& req);
  absl::StatusOr<ServiceAccount> EnableServiceAccount(Transaction& tx,
                                                      const Actor& actor,
                                                      const NameAndEtag& req);
  absl::Status DeleteServiceAccount(Transaction& tx, const Actor& actor,
                                    const NameAndEtag& req);

 private:
  template <typename T, typename Read>
  absl::StatusOr<T> ReadOnly(Read read);

  // The users with `ids` (a SERVICE caller's batch read), by id;
  // NOT_FOUND naming the first absent one.
  absl::StatusOr<absl::flat_hash_map<std::string, User>> UsersById(
      const Actor& actor, const std::vector<std::string>& ids);
  // Now, at the microsecond precision stores keep.
  absl::Time Now() const;
  // Appends the audit record of a change to `resource`; `content` is hashed
  // into the payload digest and must hold no personal data (ids, etags,
  // field paths).
  absl::Status Audit(Transaction& tx, const Actor& actor,
                     absl::string_view action, absl::string_view resource,
                     absl::string_view content);

  bool CanSeeUser(const Actor& actor, absl::string_view user_id) const;
  // Managers of an organization: OWNER members, PLATFORM_ADMIN, and for
  // institutional kinds PARTNERSHIP_OFFICER at "*" or on it.
  absl::StatusOr<bool> IsManager(Transaction& tx, const Actor& actor,
                                 const Organization& org);
  // The actor's membership of the organization; nullopt when the actor is
  // not a user or not a member.
  absl::StatusOr<std::optional<Member>> MembershipOf(
      Transaction& tx, const Actor& actor, absl::string_view organization_id);
  absl::StatusOr<bool> IsMember(Transaction& tx, const Actor& actor,
                                absl::string_view organization_id);
  absl::StatusOr<bool> IsOwner(Transaction& tx, const Actor& actor,
                               absl::string_view organization_id);
  // Ends every session and token of `user` at `now`; the caller writes
  // `user`. Refreshes of sessions begun before are refused
  // (sessions_not_before), and a subject revocation recorded in `tx` stops
  // its access tokens in every process before they expire.
  absl::Status EndSessionsOf(Transaction& tx, User& user, absl::Time now);
  // The same for a principal, user or service account, read and written
  // here (a role was removed).
  absl::Status EndSessionsOf(Transaction& tx, absl::string_view principal);
  // Deletes the bindings matching `filter` and ends their principals'
  // sessions, as DeleteRoleBinding does for one.
  absl::Status RemoveBindings(Transaction& tx, const RoleBindingFilter& filter);
  // Deletes the bindings matching `filter` and tells the other services;
  // returns them.
  absl::StatusOr<std::vector<RoleBinding>> DeleteBindings(
      Transaction& tx, const RoleBindingFilter& filter);
  // Tells the other services about each removed membership.
  absl::Status MembersRemoved(Transaction& tx,
                              const std::vector<Member>& members);
  // Records `event` in `tx` (IdentityEventLog).
  absl::Status Emit(Transaction& tx, const IdentityEvent& event);
  // `bootstrap`: the system's first administrator, who enrols MFA at first
  // sign-in (tokens carry PLATFORM_ADMIN only once an OTP was verified).
  absl::Status CheckPrincipalForBinding(Transaction& tx,
                                        const NewRoleBinding& binding,
                                        bool bootstrap);
  // FAILED_PRECONDITION when `binding` is the last PLATFORM_ADMIN binding
  // held by an active user.
  absl::Status CheckNotLastPlatformAdmin(Transaction& tx,
                                         const RoleBinding& binding);
  absl::Status CheckScopeForBinding(Transaction& tx,
                                    const NewRoleBinding& binding);

  IdentityPorts ports_;
};

template <typename T, typename Read>
absl::StatusOr<T> IdentityDirectory::ReadOnly(Read read) {
  std::optional<T> result;
  absl::Status status = ports_.unit_of_work->RunReadOnly([&](Transaction& tx) {
    absl::StatusOr<T> r = read(tx);
    if (!r.ok()) return r.status();
    result = *std::move(r);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(result);
}

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_DOMAIN_IDENTITY_DIRECTORY_H_

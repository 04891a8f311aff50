#ifndef MASAR_SERVICES_IDENTITY_API_DIRECTORY_HANDLERS_H_
#define MASAR_SERVICES_IDENTITY_API_DIRECTORY_HANDLERS_H_

#include <optional>
#include <string>
#include <vector>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit_log.h"
#include "common/auth/call_authorizer.h"
#include "common/clock/clock.h"
#include "common/grpc/rpc_scaffold.h"
#include "common/grpc/unary_call.h"
#include "common/idempotency/idempotency.h"
#include "common/resource_cache/resource_cache.h"
#include "common/sql/database.h"
#include "common/unit_of_work/unit_of_work.h"
#include "google/protobuf/message.h"
#include "masar/identity/v1/identity_service.pb.h"
#include "services/identity/credentials/national_id_cipher.h"
#include "services/identity/domain/actor.h"
#include "services/identity/domain/identity_directory.h"

namespace masar::identity {

// What DirectoryHandlers works with; none is owned, all outlive it.
struct DirectoryHandlersDeps {
  IdentityDirectory* directory = nullptr;
  // The identity policy table's authorizer (services/identity/api/
  // identity_policy.h).
  const auth::CallAuthorizer* authorizer = nullptr;
  // Runs every handler's work on the service's executor: all of it touches
  // SQL.
  UnaryCallRunner* runner = nullptr;
  // Over the identity database: request_id records of creates and custom
  // methods, in the transaction of the change.
  idempotency::IdempotentRunner* idempotency = nullptr;
  // The identity database, read by ListAuditEvents and VerifyAuditChain.
  sql::Database* db = nullptr;
  const Clock* clock = nullptr;
  // Seals national identifiers given to UpdateUser; null refuses them with
  // FAILED_PRECONDITION.
  const NationalIdCipher* national_ids = nullptr;
  // The service's checkpoint file (common/audit/checkpoint.h); empty: the
  // chain is verified without a checkpoint.
  std::string checkpoint_path;
  // When set, the checkpoint's signature must verify under this raw Ed25519
  // public key (the checkpointer's), else VerifyAuditChain is INTERNAL.
  std::vector<std::string> checkpoint_public_keys;
  // GetUser's read-through cache of v1::User messages by user id (see
  // UserCacheOptions; the SqlUserRepository writing users must invalidate
  // it). Null: GetUser reads SQL.
  ResourceCache* users_cache = nullptr;
};

// The identity RPCs of users, organizations, members, role bindings, service
// accounts and the audit chain. Each authorizes the call against the
// identity policy, translates proto -> domain, runs the use case on the
// service's executor (creates and custom methods through the request-id
// runner, in one transaction with their record), and maps the result back.
// Thread-safe.
class DirectoryHandlers {
 public:
  explicit DirectoryHandlers(DirectoryHandlersDeps deps);

  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* context,
      const v1::GetUserRequest* request, v1::GetUserResponse* response);
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* context,
      const v1::ListUsersRequest* request, v1::ListUsersResponse* response);
  grpc::ServerUnaryReactor* BatchGetPersonCards(
      grpc::CallbackServerContext* context,
      const v1::BatchGetPersonCardsRequest* request,
      v1::BatchGetPersonCardsResponse* response);
  grpc::ServerUnaryReactor* CountDemographics(
      grpc::CallbackServerContext* context,
      const v1::CountDemographicsRequest* request,
      v1::CountDemographicsResponse* response);
  grpc::ServerUnaryReactor* UpdateUser(grpc::CallbackServerContext* context,
      const v1::UpdateUserRequest* request, v1::UpdateUserResponse* response);
  grpc::ServerUnaryReactor* DisableUser(grpc::CallbackServerContext* context,
      const v1::DisableUserRequest* request, v1::DisableUserResponse* response);
  grpc::ServerUnaryReactor* EnableUser(grpc::CallbackServerContext* context,
      const v1::EnableUserRequest* request, v1::EnableUserResponse* response);
  grpc::ServerUnaryReactor* DeleteUser(grpc::CallbackServerContext* context,
      const v1::DeleteUserRequest* request, v1::DeleteUserResponse* response);
  grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* context,
      const v1::CreateOrganizationRequest* request, v1::CreateOrganizationResponse* response);
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* context,
      const v1::GetOrganizationRequest* request, v1::GetOrganizationResponse* response);
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext* context,
      const v1::ListOrganizationsRequest* request, v1::ListOrganizationsResponse* response);
  grpc::ServerUnaryReactor* UpdateOrganization(grpc::CallbackServerContext* context,
      const v1::UpdateOrganizationRequest* request, v1::UpdateOrganizationResponse* response);
  grpc::ServerUnaryReactor* DeleteOrganization(grpc::CallbackServerContext* context,
      const v1::DeleteOrganizationRequest* request, v1::DeleteOrganizationResponse* response);
  grpc::ServerUnaryReactor* CreateMember(grpc::CallbackServerContext* context,
      const v1::CreateMemberRequest* request, v1::CreateMemberResponse* response);
  grpc::ServerUnaryReactor* GetMember(grpc::CallbackServerContext* context,
      const v1::GetMemberRequest* request, v1::GetMemberResponse* response);
  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* context,
      const v1::ListMembersRequest* request, v1::ListMembersResponse* response);
  grpc::ServerUnaryReactor* UpdateMember(grpc::CallbackServerContext* context,
      const v1::UpdateMemberRequest* request, v1::UpdateMemberResponse* response);
  grpc::ServerUnaryReactor* DeleteMember(grpc::CallbackServerContext* context,
      const v1::DeleteMemberRequest* request, v1::DeleteMemberResponse* response);
  grpc::ServerUnaryReactor* CreateServiceAccount(grpc::CallbackServerContext* context,
      const v1::CreateServiceAccountRequest* request, v1::CreateServiceAccountResponse* response);
  grpc::ServerUnaryReactor* GetServiceAccount(grpc::CallbackServerContext* context,
      const v1::GetServiceAccountRequest* request, v1::GetServiceAccountResponse* response);
  grpc::ServerUnaryReactor* ListServiceAccounts(grpc::CallbackServerContext* context,
      const v1::ListServiceAccountsRequest* request, v1::ListServiceAccountsResponse* response);
  grpc::ServerUnaryReactor* UpdateServiceAccount(grpc::CallbackServerContext* context,
      const v1::UpdateServiceAccountRequest* request, v1::UpdateServiceAccountResponse* response);
  grpc::ServerUnaryReactor* RotateServiceAccountSecret(grpc::CallbackServerContext* context,
      const v1::RotateServiceAccountSecretRequest* request, v1::RotateServiceAccountSecretResponse* response);
  grpc::ServerUnaryReactor* DisableServiceAccount(grpc::CallbackServerContext* context,
      const v1::DisableServiceAccountRequest* request, v1::DisableServiceAccountResponse* response);
  grpc::ServerUnaryReactor* EnableServiceAccount(grpc::CallbackServerContext* context,
      const v1::EnableServiceAccountRequest* request, v1::EnableServiceAccountResponse* response);
  grpc::ServerUnaryReactor* DeleteServiceAccount(grpc::CallbackServerContext* context,
      const v1::DeleteServiceAccountRequest* request, v1::DeleteServiceAccountResponse* response);
  grpc::ServerUnaryReactor* CreateRoleBinding(grpc::CallbackServerContext* context,
      const v1::CreateRoleBindingRequest* request, v1::CreateRoleBindingResponse* response);
  grpc::ServerUnaryReactor* GetRoleBinding(grpc::CallbackServerContext* context,
      const v1::GetRoleBindingRequest* request, v1::GetRoleBindingResponse* response);
  grpc::ServerUnaryReactor* ListRoleBindings(grpc::CallbackServerContext* context,
      const v1::ListRoleBindingsRequest* request, v1::ListRoleBindingsResponse* response);
  grpc::ServerUnaryReactor* DeleteRoleBinding(grpc::CallbackServerContext* context,
      const v1::DeleteRoleBindingRequest* request, v1::DeleteRoleBindingResponse* response);
  grpc::ServerUnaryReactor* ListAuditEvents(grpc::CallbackServerContext* context,
      const v1::ListAuditEventsRequest* request, v1::ListAuditEventsResponse* response);
  grpc::ServerUnaryReactor* VerifyAuditChain(grpc::CallbackServerContext* context,
      const v1::VerifyAuditChainRequest* request, v1::VerifyAuditChainResponse* response);

 private:
  // The national identifier sealed and masked into `update`.
  // The lookup digests of a ListUsers national_id filter (none when empty).
  absl::StatusOr<std::vector<std::string>> NationalIdLookups(
      absl::string_view national_id) const;
  absl::Status SealNationalId(absl::string_view national_id,
                              UserUpdate& update) const;
  absl::Status CheckAuditReader(const Actor& actor) const;
  // GetUser's two paths over deps_.users_cache.
  std::optional<absl::Status> GetCachedUser(
      grpc::CallbackServerContext* context, const v1::GetUserRequest& request,
      v1::GetUserResponse& response);
  absl::Status ReadThroughUser(grpc::CallbackServerContext* context,
                               const v1::GetUserRequest& request,
                               v1::GetUserResponse& response);

  DirectoryHandlersDeps deps_;
  RpcScaffold scaffold_;
  audit::AuditLog audit_log_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_DIRECTORY_HANDLERS_H_

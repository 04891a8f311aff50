#ifndef MASAR_SERVICES_IDENTITY_API_DIRECTORY_HANDLERS_H_
#define MASAR_SERVICES_IDENTITY_API_DIRECTORY_HANDLERS_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "masar/identity/v1/identity_service.pb.h"

namespace masar::identity {

// The identity RPCs of users, organizations, members, role bindings, service accounts and the audit chain.
class DirectoryHandlers {
 public:
  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* context,
      const v1::GetUserRequest* request, v1::GetUserResponse* response);
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* context,
      const v1::ListUsersRequest* request, v1::ListUsersResponse* response);
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
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_DIRECTORY_HANDLERS_H_

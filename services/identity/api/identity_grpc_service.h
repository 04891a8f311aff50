#ifndef MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_
#define MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_

#include "absl/strings/string_view.h"
#include "common/grpc/hosted_service.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/directory_handlers.h"
#include "services/identity/api/revocation_handlers.h"
#include "services/identity/api/token_handlers.h"

namespace masar::identity {

// masar.identity.v1.IdentityService: each RPC forwards to the handlers of
// its area (the directory of users, organizations, members, role bindings
// and service accounts; sign-up, sign-in, tokens and MFA; the revocation
// feed of the other services), which authenticate, translate proto <->
// domain and run the use case.
class IdentityGrpcService final : public HostedService,
                                  private v1::IdentityService::CallbackService {
 public:
  // All must outlive the service.
  IdentityGrpcService(DirectoryHandlers* directory, TokenHandlers* tokens,
                      RevocationHandlers* revocations)
      : directory_(directory), tokens_(tokens), revocations_(revocations) {}

  absl::string_view service_name() const override {
    return v1::IdentityService::service_full_name();
  }
  grpc::Service* grpc_service() override { return this; }

 private:
  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* context,
                                  const v1::GetUserRequest* request,
                                  v1::GetUserResponse* response) override {
    return directory_->GetUser(context, request, response);
  }
  grpc::ServerUnaryReactor* ListUsers(grpc::CallbackServerContext* context,
                                  const v1::ListUsersRequest* request,
                                  v1::ListUsersResponse* response) override {
    return directory_->ListUsers(context, request, response);
  }
  grpc::ServerUnaryReactor* UpdateUser(grpc::CallbackServerContext* context,
                                  const v1::UpdateUserRequest* request,
                                  v1::UpdateUserResponse* response) override {
    return directory_->UpdateUser(context, request, response);
  }
  grpc::ServerUnaryReactor* DisableUser(grpc::CallbackServerContext* context,
                                  const v1::DisableUserRequest* request,
                                  v1::DisableUserResponse* response) override {
    return directory_->DisableUser(context, request, response);
  }
  grpc::ServerUnaryReactor* EnableUser(grpc::CallbackServerContext* context,
                                  const v1::EnableUserRequest* request,
                                  v1::EnableUserResponse* response) override {
    return directory_->EnableUser(context, request, response);
  }
  grpc::ServerUnaryReactor* DeleteUser(grpc::CallbackServerContext* context,
                                  const v1::DeleteUserRequest* request,
                                  v1::DeleteUserResponse* response) override {
    return directory_->DeleteUser(context, request, response);
  }
  grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* context,
                                  const v1::CreateOrganizationRequest* request,
                                  v1::CreateOrganizationResponse* response) override {
    return directory_->CreateOrganization(context, request, response);
  }
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* context,
                                  const v1::GetOrganizationRequest* request,
                                  v1::GetOrganizationResponse* response) override {
    return directory_->GetOrganization(context, request, response);
  }
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext* context,
                                  const v1::ListOrganizationsRequest* request,
                                  v1::ListOrganizationsResponse* response) override {
    return directory_->ListOrganizations(context, request, response);
  }
  grpc::ServerUnaryReactor* UpdateOrganization(grpc::CallbackServerContext* context,
                                  const v1::UpdateOrganizationRequest* request,
                                  v1::UpdateOrganizationResponse* response) override {
    return directory_->UpdateOrganization(context, request, response);
  }
  grpc::ServerUnaryReactor* DeleteOrganization(grpc::CallbackServerContext* context,
                                  const v1::DeleteOrganizationRequest* request,
                                  v1::DeleteOrganizationResponse* response) override {
    return directory_->DeleteOrganization(context, request, response);
  }
  grpc::ServerUnaryReactor* CreateMember(grpc::CallbackServerContext* context,
                                  const v1::CreateMemberRequest* request,
                                  v1::CreateMemberResponse* response) override {
    return directory_->CreateMember(context, request, response);
  }
  grpc::ServerUnaryReactor* GetMember(grpc::CallbackServerContext* context,
                                  const v1::GetMemberRequest* request,
                                  v1::GetMemberResponse* response) override {
    return directory_->GetMember(context, request, response);
  }
  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* context,
                                  const v1::ListMembersRequest* request,
                                  v1::ListMembersResponse* response) override {
    return directory_->ListMembers(context, request, response);
  }
  grpc::ServerUnaryReactor* UpdateMember(grpc::CallbackServerContext* context,
                                  const v1::UpdateMemberRequest* request,
                                  v1::UpdateMemberResponse* response) override {
    return directory_->UpdateMember(context, request, response);
  }
  grpc::ServerUnaryReactor* DeleteMember(grpc::CallbackServerContext* context,
                                  const v1::DeleteMemberRequest* request,
                                  v1::DeleteMemberResponse* response) override {
    return directory_->DeleteMember(context, request, response);
  }
  grpc::ServerUnaryReactor* CreateServiceAccount(grpc::CallbackServerContext* context,
                                  const v1::CreateServiceAccountRequest* request,
                                  v1::CreateServiceAccountResponse* response) override {
    return directory_->CreateServiceAccount(context, request, response);
  }
  grpc::ServerUnaryReactor* GetServiceAccount(grpc::CallbackServerContext* context,
                                  const v1::GetServiceAccountRequest* request,
                                  v1::GetServiceAccountResponse* response) override {
    return directory_->GetServiceAccount(context, request, response);
  }
  grpc::ServerUnaryReactor* ListServiceAccounts(grpc::CallbackServerContext* context,
                                  const v1::ListServiceAccountsRequest* request,
                                  v1::ListServiceAccountsResponse* response) override {
    return directory_->ListServiceAccounts(context, request, response);
  }
  grpc::ServerUnaryReactor* UpdateServiceAccount(grpc::CallbackServerContext* context,
                                  const v1::UpdateServiceAccountRequest* request,
                                  v1::UpdateServiceAccountResponse* response) override {
    return directory_->UpdateServiceAccount(context, request, response);
  }
  grpc::ServerUnaryReactor* RotateServiceAccountSecret(grpc::CallbackServerContext* context,
                                  const v1::RotateServiceAccountSecretRequest* request,
                                  v1::RotateServiceAccountSecretResponse* response) override {
    return directory_->RotateServiceAccountSecret(context, request, response);
  }
  grpc::ServerUnaryReactor* DisableServiceAccount(grpc::CallbackServerContext* context,
                                  const v1::DisableServiceAccountRequest* request,
                                  v1::DisableServiceAccountResponse* response) override {
    return directory_->DisableServiceAccount(context, request, response);
  }
  grpc::ServerUnaryReactor* EnableServiceAccount(grpc::CallbackServerContext* context,
                                  const v1::EnableServiceAccountRequest* request,
                                  v1::EnableServiceAccountResponse* response) override {
    return directory_->EnableServiceAccount(context, request, response);
  }
  grpc::ServerUnaryReactor* DeleteServiceAccount(grpc::CallbackServerContext* context,
                                  const v1::DeleteServiceAccountRequest* request,
                                  v1::DeleteServiceAccountResponse* response) override {
    return directory_->DeleteServiceAccount(context, request, response);
  }
  grpc::ServerUnaryReactor* CreateRoleBinding(grpc::CallbackServerContext* context,
                                  const v1::CreateRoleBindingRequest* request,
                                  v1::CreateRoleBindingResponse* response) override {
    return directory_->CreateRoleBinding(context, request, response);
  }
  grpc::ServerUnaryReactor* GetRoleBinding(grpc::CallbackServerContext* context,
                                  const v1::GetRoleBindingRequest* request,
                                  v1::GetRoleBindingResponse* response) override {
    return directory_->GetRoleBinding(context, request, response);
  }
  grpc::ServerUnaryReactor* ListRoleBindings(grpc::CallbackServerContext* context,
                                  const v1::ListRoleBindingsRequest* request,
                                  v1::ListRoleBindingsResponse* response) override {
    return directory_->ListRoleBindings(context, request, response);
  }
  grpc::ServerUnaryReactor* DeleteRoleBinding(grpc::CallbackServerContext* context,
                                  const v1::DeleteRoleBindingRequest* request,
                                  v1::DeleteRoleBindingResponse* response) override {
    return directory_->DeleteRoleBinding(context, request, response);
  }
  grpc::ServerUnaryReactor* ListAuditEvents(grpc::CallbackServerContext* context,
                                  const v1::ListAuditEventsRequest* request,
                                  v1::ListAuditEventsResponse* response) override {
    return directory_->ListAuditEvents(context, request, response);
  }
  grpc::ServerUnaryReactor* VerifyAuditChain(grpc::CallbackServerContext* context,
                                  const v1::VerifyAuditChainRequest* request,
                                  v1::VerifyAuditChainResponse* response) override {
    return directory_->VerifyAuditChain(context, request, response);
  }
  grpc::ServerUnaryReactor* CreateUser(grpc::CallbackServerContext* context,
                                  const v1::CreateUserRequest* request,
                                  v1::CreateUserResponse* response) override {
    return tokens_->CreateUser(context, request, response);
  }
  grpc::ServerUnaryReactor* ChangePassword(grpc::CallbackServerContext* context,
                                  const v1::ChangePasswordRequest* request,
                                  v1::ChangePasswordResponse* response) override {
    return tokens_->ChangePassword(context, request, response);
  }
  grpc::ServerUnaryReactor* BeginMfaEnrollment(grpc::CallbackServerContext* context,
                                  const v1::BeginMfaEnrollmentRequest* request,
                                  v1::BeginMfaEnrollmentResponse* response) override {
    return tokens_->BeginMfaEnrollment(context, request, response);
  }
  grpc::ServerUnaryReactor* ConfirmMfaEnrollment(grpc::CallbackServerContext* context,
                                  const v1::ConfirmMfaEnrollmentRequest* request,
                                  v1::ConfirmMfaEnrollmentResponse* response) override {
    return tokens_->ConfirmMfaEnrollment(context, request, response);
  }
  grpc::ServerUnaryReactor* DisableMfa(grpc::CallbackServerContext* context,
                                  const v1::DisableMfaRequest* request,
                                  v1::DisableMfaResponse* response) override {
    return tokens_->DisableMfa(context, request, response);
  }
  grpc::ServerUnaryReactor* Authenticate(grpc::CallbackServerContext* context,
                                  const v1::AuthenticateRequest* request,
                                  v1::AuthenticateResponse* response) override {
    return tokens_->Authenticate(context, request, response);
  }
  grpc::ServerUnaryReactor* VerifyMfaChallenge(grpc::CallbackServerContext* context,
                                  const v1::VerifyMfaChallengeRequest* request,
                                  v1::VerifyMfaChallengeResponse* response) override {
    return tokens_->VerifyMfaChallenge(context, request, response);
  }
  grpc::ServerUnaryReactor* AuthenticateServiceAccount(grpc::CallbackServerContext* context,
                                  const v1::AuthenticateServiceAccountRequest* request,
                                  v1::AuthenticateServiceAccountResponse* response) override {
    return tokens_->AuthenticateServiceAccount(context, request, response);
  }
  grpc::ServerUnaryReactor* RefreshToken(grpc::CallbackServerContext* context,
                                  const v1::RefreshTokenRequest* request,
                                  v1::RefreshTokenResponse* response) override {
    return tokens_->RefreshToken(context, request, response);
  }
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context,
                                  const v1::RevokeTokenRequest* request,
                                  v1::RevokeTokenResponse* response) override {
    return tokens_->RevokeToken(context, request, response);
  }
  grpc::ServerUnaryReactor* IntrospectToken(grpc::CallbackServerContext* context,
                                  const v1::IntrospectTokenRequest* request,
                                  v1::IntrospectTokenResponse* response) override {
    return tokens_->IntrospectToken(context, request, response);
  }
  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
                                  const v1::GetJwksRequest* request,
                                  v1::GetJwksResponse* response) override {
    return tokens_->GetJwks(context, request, response);
  }
  grpc::ServerUnaryReactor* ListRevocations(grpc::CallbackServerContext* context,
                                  const v1::ListRevocationsRequest* request,
                                  v1::ListRevocationsResponse* response) override {
    return revocations_->ListRevocations(context, request, response);
  }

  DirectoryHandlers* directory_;
  TokenHandlers* tokens_;
  RevocationHandlers* revocations_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_

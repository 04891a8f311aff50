#ifndef MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_
#define MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_

#include "absl/strings/string_view.h"
#include "common/grpc/forward.h"
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
  MASAR_GRPC_FORWARD(v1, GetUser, directory_)
  MASAR_GRPC_FORWARD(v1, ListUsers, directory_)
  MASAR_GRPC_FORWARD(v1, BatchGetPersonCards, directory_)
  MASAR_GRPC_FORWARD(v1, CountDemographics, directory_)
  MASAR_GRPC_FORWARD(v1, UpdateUser, directory_)
  MASAR_GRPC_FORWARD(v1, DisableUser, directory_)
  MASAR_GRPC_FORWARD(v1, EnableUser, directory_)
  MASAR_GRPC_FORWARD(v1, DeleteUser, directory_)
  MASAR_GRPC_FORWARD(v1, CreateOrganization, directory_)
  MASAR_GRPC_FORWARD(v1, GetOrganization, directory_)
  MASAR_GRPC_FORWARD(v1, ListOrganizations, directory_)
  MASAR_GRPC_FORWARD(v1, UpdateOrganization, directory_)
  MASAR_GRPC_FORWARD(v1, DeleteOrganization, directory_)
  MASAR_GRPC_FORWARD(v1, CreateMember, directory_)
  MASAR_GRPC_FORWARD(v1, GetMember, directory_)
  MASAR_GRPC_FORWARD(v1, ListMembers, directory_)
  MASAR_GRPC_FORWARD(v1, UpdateMember, directory_)
  MASAR_GRPC_FORWARD(v1, DeleteMember, directory_)
  MASAR_GRPC_FORWARD(v1, CreateServiceAccount, directory_)
  MASAR_GRPC_FORWARD(v1, GetServiceAccount, directory_)
  MASAR_GRPC_FORWARD(v1, ListServiceAccounts, directory_)
  MASAR_GRPC_FORWARD(v1, UpdateServiceAccount, directory_)
  MASAR_GRPC_FORWARD(v1, RotateServiceAccountSecret, directory_)
  MASAR_GRPC_FORWARD(v1, DisableServiceAccount, directory_)
  MASAR_GRPC_FORWARD(v1, EnableServiceAccount, directory_)
  MASAR_GRPC_FORWARD(v1, DeleteServiceAccount, directory_)
  MASAR_GRPC_FORWARD(v1, CreateRoleBinding, directory_)
  MASAR_GRPC_FORWARD(v1, GetRoleBinding, directory_)
  MASAR_GRPC_FORWARD(v1, ListRoleBindings, directory_)
  MASAR_GRPC_FORWARD(v1, DeleteRoleBinding, directory_)
  MASAR_GRPC_FORWARD(v1, ListAuditEvents, directory_)
  MASAR_GRPC_FORWARD(v1, VerifyAuditChain, directory_)
  MASAR_GRPC_FORWARD(v1, CreateUser, tokens_)
  MASAR_GRPC_FORWARD(v1, ChangePassword, tokens_)
  MASAR_GRPC_FORWARD(v1, BeginMfaEnrollment, tokens_)
  MASAR_GRPC_FORWARD(v1, ConfirmMfaEnrollment, tokens_)
  MASAR_GRPC_FORWARD(v1, DisableMfa, tokens_)
  MASAR_GRPC_FORWARD(v1, Authenticate, tokens_)
  MASAR_GRPC_FORWARD(v1, VerifyMfaChallenge, tokens_)
  MASAR_GRPC_FORWARD(v1, AuthenticateServiceAccount, tokens_)
  MASAR_GRPC_FORWARD(v1, RefreshToken, tokens_)
  MASAR_GRPC_FORWARD(v1, RevokeToken, tokens_)
  MASAR_GRPC_FORWARD(v1, IntrospectToken, tokens_)
  MASAR_GRPC_FORWARD(v1, GetJwks, tokens_)
  MASAR_GRPC_FORWARD(v1, ListRevocations, revocations_)
  MASAR_GRPC_FORWARD(v1, ListDomainEvents, revocations_)

  DirectoryHandlers* directory_;
  TokenHandlers* tokens_;
  RevocationHandlers* revocations_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_IDENTITY_GRPC_SERVICE_H_

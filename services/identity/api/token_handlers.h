#ifndef MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_
#define MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "masar/identity/v1/identity_service.pb.h"

namespace masar::identity {

// The identity RPCs of sign-up, sign-in (password, MFA, client credentials), refresh, revocation, introspection, JWKS, password change and MFA enrolment.
class TokenHandlers {
 public:
  grpc::ServerUnaryReactor* CreateUser(grpc::CallbackServerContext* context,
      const v1::CreateUserRequest* request, v1::CreateUserResponse* response);
  grpc::ServerUnaryReactor* ChangePassword(grpc::CallbackServerContext* context,
      const v1::ChangePasswordRequest* request, v1::ChangePasswordResponse* response);
  grpc::ServerUnaryReactor* BeginMfaEnrollment(grpc::CallbackServerContext* context,
      const v1::BeginMfaEnrollmentRequest* request, v1::BeginMfaEnrollmentResponse* response);
  grpc::ServerUnaryReactor* ConfirmMfaEnrollment(grpc::CallbackServerContext* context,
      const v1::ConfirmMfaEnrollmentRequest* request, v1::ConfirmMfaEnrollmentResponse* response);
  grpc::ServerUnaryReactor* DisableMfa(grpc::CallbackServerContext* context,
      const v1::DisableMfaRequest* request, v1::DisableMfaResponse* response);
  grpc::ServerUnaryReactor* Authenticate(grpc::CallbackServerContext* context,
      const v1::AuthenticateRequest* request, v1::AuthenticateResponse* response);
  grpc::ServerUnaryReactor* VerifyMfaChallenge(grpc::CallbackServerContext* context,
      const v1::VerifyMfaChallengeRequest* request, v1::VerifyMfaChallengeResponse* response);
  grpc::ServerUnaryReactor* AuthenticateServiceAccount(grpc::CallbackServerContext* context,
      const v1::AuthenticateServiceAccountRequest* request, v1::AuthenticateServiceAccountResponse* response);
  grpc::ServerUnaryReactor* RefreshToken(grpc::CallbackServerContext* context,
      const v1::RefreshTokenRequest* request, v1::RefreshTokenResponse* response);
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* context,
      const v1::RevokeTokenRequest* request, v1::RevokeTokenResponse* response);
  grpc::ServerUnaryReactor* IntrospectToken(grpc::CallbackServerContext* context,
      const v1::IntrospectTokenRequest* request, v1::IntrospectTokenResponse* response);
  grpc::ServerUnaryReactor* GetJwks(grpc::CallbackServerContext* context,
      const v1::GetJwksRequest* request, v1::GetJwksResponse* response);
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_API_TOKEN_HANDLERS_H_

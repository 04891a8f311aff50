#include "common/auth/bearer_call_credentials.h"

#include <map>
#include <string>
#include <utility>

#include "common/grpc/status.h"

namespace masar::auth {
namespace {

class BearerPlugin final : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerPlugin(std::shared_ptr<ServiceTokenSource> source)
      : source_(std::move(source)) {}

  bool IsBlocking() const override { return true; }
  const char* GetType() const override { return "masar-service-account"; }

  grpc::Status GetMetadata(
      grpc::string_ref /*service_url*/, grpc::string_ref /*method_name*/,
      const grpc::AuthContext& /*channel_auth_context*/,
      std::multimap<grpc::string, grpc::string>* metadata) override {
    absl::StatusOr<std::string> token = source_->Token();
    if (!token.ok()) return ToGrpcStatus(token.status());
    metadata->emplace("authorization", "Bearer " + *token);
    return grpc::Status::OK;
  }

  // Never the token.
  grpc::string DebugString() override { return "BearerPlugin"; }

 private:
  const std::shared_ptr<ServiceTokenSource> source_;
};

}  // namespace

std::shared_ptr<grpc::CallCredentials> BearerCallCredentials(
    std::shared_ptr<ServiceTokenSource> source) {
  return grpc::experimental::MetadataCredentialsFromPlugin(
      std::make_unique<BearerPlugin>(std::move(source)), GRPC_SECURITY_NONE);
}

}  // namespace masar::auth

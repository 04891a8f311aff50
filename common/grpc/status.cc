#include "common/grpc/status.h"

#include <string>
#include <vector>

#include "common/status/errors.h"
#include "masar/common/v1/error_details.pb.h"

namespace masar {
namespace {

constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
constexpr char kRetryInfoUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

std::string EncodeDetails(const absl::Status& status) {
  common::v1::ErrorStatus out;
  out.set_code(static_cast<int>(status.code()));
  out.set_message(std::string(status.message()));
  std::vector<FieldViolation> violations = FieldViolations(status);
  if (!violations.empty()) {
    common::v1::BadRequest bad_request;
    for (const FieldViolation& v : violations) {
      common::v1::FieldViolation* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    google::protobuf::Any* any = out.add_details();
    any->set_type_url(kBadRequestUrl);
    any->set_value(bad_request.SerializeAsString());
  }
  if (std::optional<absl::Duration> delay = RetryDelay(status)) {
    common::v1::RetryInfo retry;
    const int64_t nanos = absl::ToInt64Nanoseconds(*delay);
    retry.mutable_retry_delay()->set_seconds(nanos / 1000000000);
    retry.mutable_retry_delay()->set_nanos(static_cast<int>(nanos % 1000000000));
    google::protobuf::Any* any = out.add_details();
    any->set_type_url(kRetryInfoUrl);
    any->set_value(retry.SerializeAsString());
  }
  return out.details_size() == 0 ? std::string() : out.SerializeAsString();
}

absl::Status DecodeDetails(absl::Status status, const std::string& details) {
  common::v1::ErrorStatus in;
  if (details.empty() || !in.ParseFromString(details)) return status;
  for (const google::protobuf::Any& any : in.details()) {
    if (any.type_url() == kBadRequestUrl) {
      common::v1::BadRequest bad_request;
      if (!bad_request.ParseFromString(any.value())) continue;
      std::vector<FieldViolation> violations;
      for (const common::v1::FieldViolation& fv :
           bad_request.field_violations()) {
        violations.push_back({fv.field(), fv.description()});
      }
      status = WithFieldViolations(std::move(status), violations);
    } else if (any.type_url() == kRetryInfoUrl) {
      common::v1::RetryInfo retry;
      if (!retry.ParseFromString(any.value())) continue;
      status = WithRetryDelay(std::move(status),
                              absl::Seconds(retry.retry_delay().seconds()) +
                                  absl::Nanoseconds(retry.retry_delay().nanos()));
    }
  }
  return status;
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()), EncodeDetails(status));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return DecodeDetails(absl::Status(static_cast<absl::StatusCode>(
                                        status.error_code()),
                                    status.error_message()),
                       status.error_details());
}

}  // namespace masar

#ifndef MASAR_COMMON_GRPC_STATUS_H_
#define MASAR_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace masar {

// The one place where absl::Status and grpc::Status meet. Field violations
// and retry delays (common/status/errors.h) travel in the
// grpc-status-details-bin trailer as the standard error model
// (google.rpc.Status with BadRequest and RetryInfo details).
grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_STATUS_H_

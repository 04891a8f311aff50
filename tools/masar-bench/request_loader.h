#ifndef MASAR_TOOLS_MASAR_BENCH_REQUEST_LOADER_H_
#define MASAR_TOOLS_MASAR_BENCH_REQUEST_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/masar-bench/bench_options.h"

namespace masar::bench {

// A request ready to send: the method's path and the serialized message.
struct LoadedRequest {
  // "/package.Service/Method", as gRPC puts it on the wire.
  std::string method_path;
  // Full name of the method's input type.
  std::string input_type;
  std::string bytes;
};

// Finds `method` ("/package.Service/Method") in the generated descriptor
// pool and reads its input message from `path` as `format`. Errors name the
// flag at fault: --method for an unknown or streaming method, --request for
// a file that cannot be read or is not the method's input type,
// --request-format for a format that cannot be told.
absl::StatusOr<LoadedRequest> LoadRequest(absl::string_view method,
                                          const std::string& path,
                                          RequestFormat format);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_REQUEST_LOADER_H_

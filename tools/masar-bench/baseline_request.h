#ifndef MASAR_TOOLS_MASAR_BENCH_BASELINE_REQUEST_H_
#define MASAR_TOOLS_MASAR_BENCH_BASELINE_REQUEST_H_

#include <cstddef>
#include <string>

namespace masar::bench {

// The echo baseline's method, as gRPC puts it on the wire.
inline constexpr char kBaselineMethod[] =
    "/masar.bench.v1.EchoBaselineService/Echo";

// A serialized masar.bench.v1.EchoRequest as close as it can be to
// `request_bytes` long (never longer, except that asking for a response
// costs at least 2 bytes), asking for a response of `response_bytes`.
std::string MakeBaselineRequest(size_t request_bytes, size_t response_bytes);

// The payload length whose `bytes` field (number below 16) serializes to at
// most `field_bytes`, as close as possible.
size_t PayloadForFieldBytes(size_t field_bytes);

}  // namespace masar::bench

#endif  // MASAR_TOOLS_MASAR_BENCH_BASELINE_REQUEST_H_

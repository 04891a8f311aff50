#include "tools/masar-bench/baseline_request.h"

#include <google/protobuf/io/coded_stream.h>

#include "masar/bench/v1/echo_baseline.pb.h"

namespace masar::bench {
namespace {

// Tag byte, length varint, payload.
size_t FieldBytes(size_t payload) {
  if (payload == 0) return 0;
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(payload) +
         payload;
}

}  // namespace

size_t PayloadForFieldBytes(size_t field_bytes) {
  // A length varint takes at most 10 bytes: the answer is within 11 of it.
  for (size_t overhead = 2; overhead <= 11; ++overhead) {
    if (field_bytes < overhead) return 0;
    const size_t payload = field_bytes - overhead;
    if (FieldBytes(payload) <= field_bytes) return payload;
  }
  return 0;
}

std::string MakeBaselineRequest(size_t request_bytes, size_t response_bytes) {
  v1::EchoRequest request;
  request.set_response_payload_bytes(
      static_cast<uint32_t>(PayloadForFieldBytes(response_bytes)));
  const size_t used = request.ByteSizeLong();
  const size_t rest = request_bytes > used ? request_bytes - used : 0;
  request.mutable_payload()->assign(PayloadForFieldBytes(rest), 'x');
  return request.SerializeAsString();
}

}  // namespace masar::bench

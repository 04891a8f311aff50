#include "common/grpc/call_context.h"

#include <cstdint>

#include "absl/strings/numbers.h"

namespace masar {
namespace {

std::string Header(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

CallContext GetCallContext(const grpc::ServerContextBase& context) {
  CallContext out;
  out.request_id = Header(context, kRequestIdHeader);
  out.trace_id = Header(context, kTraceIdKey);
  int64_t deadline_micros = 0;
  if (absl::SimpleAtoi(Header(context, kEffectiveDeadlineKey),
                       &deadline_micros)) {
    out.deadline = absl::FromUnixMicros(deadline_micros);
  }
  return out;
}

}  // namespace masar

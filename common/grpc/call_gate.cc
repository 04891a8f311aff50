#include "common/grpc/call_gate.h"

namespace masar {

bool CallGate::Enter() {
  absl::MutexLock lock(&mu_);
  if (closed_) return false;
  ++in_flight_;
  return true;
}

void CallGate::Exit() {
  absl::MutexLock lock(&mu_);
  --in_flight_;
}

void CallGate::Close(absl::Time wait_until) {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  mu_.AwaitWithDeadline(
      absl::Condition(+[](int* n) { return *n == 0; }, &in_flight_),
      wait_until);
}

}  // namespace masar

#ifndef MASAR_COMMON_GRPC_CALL_GATE_H_
#define MASAR_COMMON_GRPC_CALL_GATE_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace masar {

// Lets calls through until closed, then refuses them. What guards a
// server's in-process channel: gRPC 1.51 crashes (a null filter in the
// call stack) on a call started on an in-process channel once its server
// has shut down, where a network channel would answer UNAVAILABLE.
// Thread-safe.
class CallGate {
 public:
  // True, and the call counts as in flight until Exit, while open.
  bool Enter();
  void Exit();

  // Refuses every later Enter, then waits until the calls in flight have
  // exited or `wait_until` has passed. Idempotent.
  void Close(absl::Time wait_until);

 private:
  absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace masar

#endif  // MASAR_COMMON_GRPC_CALL_GATE_H_

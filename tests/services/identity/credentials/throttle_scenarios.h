#ifndef MASAR_TESTS_SERVICES_IDENTITY_CREDENTIALS_THROTTLE_SCENARIOS_H_
#define MASAR_TESTS_SERVICES_IDENTITY_CREDENTIALS_THROTTLE_SCENARIOS_H_

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/barrier.h"
#include "services/identity/credentials/sign_in_throttle.h"

// Scenarios every store behind SignInThrottle must pass: the in-process
// cache, Redis and SQL.
namespace masar::identity::testing {

// Attempts (account, source) `n` times; how many Check allowed.
inline int CountAllowed(SignInThrottle& throttle, absl::string_view account,
                        absl::string_view source, int n) {
  int allowed = 0;
  for (int i = 0; i < n; ++i) {
    if (throttle.Check(account, source).ok()) ++allowed;
  }
  return allowed;
}

// `threads` guesses released at the same instant on one (account, source);
// how many Check allowed. Any other outcome than OK or RESOURCE_EXHAUSTED
// counts as allowed, so that a failing store cannot pass for a strict one.
inline int ParallelGuesses(SignInThrottle& throttle, absl::string_view account,
                           absl::string_view source, int threads) {
  std::atomic<int> allowed = 0;
  absl::Barrier* start = new absl::Barrier(threads);
  std::vector<std::thread> guessers;
  for (int i = 0; i < threads; ++i) {
    guessers.emplace_back([&] {
      if (start->Block()) delete start;
      const absl::Status status = throttle.Check(account, source);
      if (!absl::IsResourceExhausted(status)) ++allowed;
    });
  }
  for (std::thread& t : guessers) t.join();
  return allowed;
}

}  // namespace masar::identity::testing

#endif  // MASAR_TESTS_SERVICES_IDENTITY_CREDENTIALS_THROTTLE_SCENARIOS_H_

#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_PASSWORD_HASHER_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_PASSWORD_HASHER_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <thread>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/identity/credentials/argon2id.h"

namespace masar::identity {

struct PasswordHasherOptions {
  // Requests waiting behind the one being hashed. Small on purpose: at
  // ~24 ms a hash, 8 waiting is ~200 ms of latency; beyond that a caller is
  // better told to come back than kept waiting. At least 1.
  size_t queue_capacity = 8;
  // Suggested to a refused caller (RetryInfo on the wire).
  absl::Duration retry_delay = absl::Seconds(1);
};

// Hashes and verifies passwords on ONE thread of its own with a small
// bounded queue. Argon2 is deliberately expensive in CPU and memory (19 MiB
// a call): one thread caps it at one core and one working set, so a flood
// of sign-ins cannot starve other calls or exhaust memory; requests beyond
// the queue are refused at once with RESOURCE_EXHAUSTED and a retry delay,
// never queued without bound.
//
// Callbacks run on the hashing thread: they must be quick (hand the result
// to another executor) and must not call back into the hasher's blocking
// wrappers. Copies of passwords are wiped once hashed.
class PasswordHasher {
 public:
  using HashCallback = absl::AnyInvocable<void(absl::StatusOr<std::string>)>;
  using VerifyCallback = absl::AnyInvocable<void(absl::StatusOr<bool>)>;

  // Makes the dummy hash (one hash's time) and starts the thread.
  // `function` must outlive the hasher.
  static absl::StatusOr<std::unique_ptr<PasswordHasher>> Create(
      PasswordHashFunction& function, PasswordHasherOptions options = {});

  // Finishes the request being hashed; queued ones get UNAVAILABLE.
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Hashes a new password. `done` gets the encoded hash, INVALID_ARGUMENT
  // naming "password" (policy: 12..128 code points, see password_policy.h)
  // or RESOURCE_EXHAUSTED when the queue is full; it runs before Hash
  // returns when the request is refused.
  void Hash(absl::string_view password, HashCallback done);
  absl::StatusOr<std::string> Hash(absl::string_view password);

  // Whether `password` matches `stored`. `done` gets true or false,
  // INVALID_ARGUMENT for a password past 128 code points (or empty) or an
  // unreadable `stored`, or RESOURCE_EXHAUSTED when the queue is full.
  void Verify(absl::string_view stored, absl::string_view password,
              VerifyCallback done);
  absl::StatusOr<bool> Verify(absl::string_view stored,
                              absl::string_view password);

  // The same work as Verify, against a hash no password matches: for an
  // unknown account, so that it costs what a wrong password costs and the
  // answer's timing does not tell which accounts exist. Gives false, or the
  // same refusals as Verify.
  void VerifyAgainstDummy(absl::string_view password, VerifyCallback done);
  absl::StatusOr<bool> VerifyAgainstDummy(absl::string_view password);

  // Whether `stored` was made with other parameters and should be replaced
  // (hash the password again) after a successful Verify. Cheap: no hashing.
  bool NeedsRehash(absl::string_view stored) const;

 private:
  class Job;

  PasswordHasher(PasswordHashFunction& function, PasswordHasherOptions options,
                 std::string dummy_hash);

  // False (and `job` left untouched) when the queue is full or closing.
  bool Enqueue(std::unique_ptr<Job>& job);
  void Run();
  absl::Status Refusal() const;

  PasswordHashFunction& function_;
  const PasswordHasherOptions options_;
  const std::string dummy_hash_;

  absl::Mutex mu_;
  std::deque<std::unique_ptr<Job>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_PASSWORD_HASHER_H_

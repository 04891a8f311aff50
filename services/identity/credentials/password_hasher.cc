#include "services/identity/credentials/password_hasher.h"

#include <sodium.h>

#include <memory>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/synchronization/notification.h"
#include "common/crypto/digest.h"
#include "common/crypto/random.h"
#include "common/status/errors.h"
#include "services/identity/credentials/password_policy.h"

namespace masar::identity {

// One request: a private copy of the password, wiped when the job ends
// (hashed, refused or cancelled), and what to do with it.
class PasswordHasher::Job {
 public:
  using Work = absl::AnyInvocable<void(PasswordHashFunction&,
                                       absl::string_view password)>;
  using Failure = absl::AnyInvocable<void(absl::Status)>;

  Job(absl::string_view password, Work work, Failure fail)
      : password_(password), work_(std::move(work)), fail_(std::move(fail)) {}
  ~Job() { sodium_memzero(password_.data(), password_.size()); }

  void Run(PasswordHashFunction& function) { work_(function, password_); }
  void Fail(absl::Status status) { fail_(std::move(status)); }

 private:
  std::string password_;
  Work work_;
  Failure fail_;
};

namespace {

// A password nobody knows, for the dummy hash: 32 random bytes as hex.
std::string RandomPassword() { return crypto::ToHex(crypto::RandomBytes(32)); }

template <typename T>
absl::StatusOr<T> Wait(
    absl::FunctionRef<void(absl::AnyInvocable<void(absl::StatusOr<T>)>)>
        start) {
  absl::Notification done;
  absl::StatusOr<T> result = absl::UnknownError("not run");
  start([&](absl::StatusOr<T> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotification();
  return result;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PasswordHasher>> PasswordHasher::Create(
    PasswordHashFunction& function, PasswordHasherOptions options) {
  if (sodium_init() < 0) return absl::InternalError("libsodium init failed");
  std::string password = RandomPassword();
  absl::StatusOr<std::string> dummy = function.Hash(password);
  sodium_memzero(password.data(), password.size());
  if (!dummy.ok()) return dummy.status();
  return std::unique_ptr<PasswordHasher>(
      new PasswordHasher(function, options, *std::move(dummy)));
}

PasswordHasher::PasswordHasher(PasswordHashFunction& function,
                               PasswordHasherOptions options,
                               std::string dummy_hash)
    : function_(function),
      options_(options),
      dummy_hash_(std::move(dummy_hash)),
      thread_([this] { Run(); }) {}

PasswordHasher::~PasswordHasher() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void PasswordHasher::Hash(absl::string_view password, HashCallback done) {
  if (absl::Status valid = CheckNewPassword(password); !valid.ok()) {
    done(std::move(valid));
    return;
  }
  // Both closures may end up owning `done`; share it so whichever runs
  // calls it.
  auto shared = std::make_shared<HashCallback>(std::move(done));
  auto job = std::make_unique<Job>(
      password,
      [shared](PasswordHashFunction& function, absl::string_view pw) {
        (*shared)(function.Hash(pw));
      },
      [shared](absl::Status status) { (*shared)(std::move(status)); });
  if (!Enqueue(job)) job->Fail(Refusal());
}

void PasswordHasher::Verify(absl::string_view stored,
                            absl::string_view password, VerifyCallback done) {
  if (absl::Status valid = CheckPresentedPassword(password); !valid.ok()) {
    done(std::move(valid));
    return;
  }
  auto shared = std::make_shared<VerifyCallback>(std::move(done));
  auto job = std::make_unique<Job>(
      password,
      [shared, stored = std::string(stored)](PasswordHashFunction& function,
                                             absl::string_view pw) {
        (*shared)(function.Verify(stored, pw));
      },
      [shared](absl::Status status) { (*shared)(std::move(status)); });
  if (!Enqueue(job)) job->Fail(Refusal());
}

void PasswordHasher::VerifyAgainstDummy(absl::string_view password,
                                        VerifyCallback done) {
  // No password matches the dummy, short of a 256-bit guess; the result is
  // passed on anyway so that the caller's code path stays the same.
  Verify(dummy_hash_, password, std::move(done));
}

absl::StatusOr<std::string> PasswordHasher::Hash(absl::string_view password) {
  return Wait<std::string>(
      [&](HashCallback done) { Hash(password, std::move(done)); });
}

absl::StatusOr<bool> PasswordHasher::Verify(absl::string_view stored,
                                            absl::string_view password) {
  return Wait<bool>(
      [&](VerifyCallback done) { Verify(stored, password, std::move(done)); });
}

absl::StatusOr<bool> PasswordHasher::VerifyAgainstDummy(
    absl::string_view password) {
  return Wait<bool>([&](VerifyCallback done) {
    VerifyAgainstDummy(password, std::move(done));
  });
}

bool PasswordHasher::NeedsRehash(absl::string_view stored) const {
  return function_.NeedsRehash(stored);
}

bool PasswordHasher::Enqueue(std::unique_ptr<Job>& job) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= options_.queue_capacity) return false;
  queue_.push_back(std::move(job));
  return true;
}

absl::Status PasswordHasher::Refusal() const {
  return WithRetryDelay(
      absl::ResourceExhaustedError(
          "too many sign-ins are being checked right now; retry later"),
      options_.retry_delay);
}

void PasswordHasher::Run() {
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  };
  while (true) {
    std::unique_ptr<Job> job;
    std::deque<std::unique_ptr<Job>> cancelled;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(&ready));
      if (stopping_) {
        cancelled.swap(queue_);
      } else {
        job = std::move(queue_.front());
        queue_.pop_front();
      }
    }
    if (job == nullptr) {
      for (auto& c : cancelled) {
        c->Fail(absl::UnavailableError("password hasher is shutting down"));
      }
      return;
    }
    job->Run(function_);
  }
}

}  // namespace masar::identity

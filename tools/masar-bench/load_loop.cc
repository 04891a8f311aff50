#include "tools/masar-bench/load_loop.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/channel_arguments.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace masar::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kConnectTimeout = std::chrono::seconds(10);

// One call in flight at a time, restarted from its own completion.
struct Slot {
  grpc::GenericStub* stub = nullptr;
  std::optional<grpc::ClientContext> context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  Clock::time_point start;
  bool measured = false;
};

std::shared_ptr<grpc::Channel> NewChannel(const std::string& target,
                                          int index) {
  grpc::ChannelArguments args;
  // Distinct arguments and a local subchannel pool give each channel its own
  // HTTP/2 connection.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("masar.bench.channel_index", index);
  args.SetMaxReceiveMessageSize(-1);
  args.SetMaxSendMessageSize(-1);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                   args);
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC's codes are absl's, number for number.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

class LoadLoop {
 public:
  explicit LoadLoop(const LoadSpec& spec) : spec_(spec) {}

  absl::Status Connect();
  RunResult Run();

 private:
  void Start(Slot& slot);
  void OnDone(Slot& slot, const grpc::Status& status);
  void Record(const Slot& slot, const grpc::Status& status,
              Clock::time_point end);
  // Whether a call starting now is measured; nullopt when the run is over.
  std::optional<bool> NextCallMeasured();

  const LoadSpec& spec_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  std::vector<std::unique_ptr<Slot>> slots_;
  Clock::time_point warmup_end_;
  Clock::time_point measure_end_;
  std::atomic<int64_t> measured_started_{0};
  std::atomic<int> active_slots_{0};
  absl::Notification all_done_;

  absl::Mutex mu_;
  RunResult result_ ABSL_GUARDED_BY(mu_);
  Clock::time_point last_end_ ABSL_GUARDED_BY(mu_);
};

absl::Status LoadLoop::Connect() {
  for (int i = 0; i < spec_.connections; ++i) {
    channels_.push_back(NewChannel(spec_.target, i));
    if (!channels_.back()->WaitForConnected(std::chrono::system_clock::now() +
                                            kConnectTimeout)) {
      return absl::UnavailableError(absl::StrCat("--target: cannot connect to ",
                                                 spec_.target, " within 10s"));
    }
    stubs_.push_back(std::make_unique<grpc::GenericStub>(channels_.back()));
  }
  return absl::OkStatus();
}

RunResult LoadLoop::Run() {
  const grpc::Slice payload(spec_.request_bytes);
  for (int i = 0; i < spec_.concurrency; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->stub = stubs_[i % stubs_.size()].get();
    slot->request = grpc::ByteBuffer(&payload, 1);
    slots_.push_back(std::move(slot));
  }
  const Clock::time_point start = Clock::now();
  warmup_end_ = start + absl::ToChronoNanoseconds(spec_.warmup);
  measure_end_ = warmup_end_ + absl::ToChronoNanoseconds(spec_.duration);
  {
    absl::MutexLock lock(&mu_);
    last_end_ = warmup_end_;
  }
  active_slots_ = spec_.concurrency;
  for (auto& slot : slots_) Start(*slot);
  all_done_.WaitForNotification();
  absl::MutexLock lock(&mu_);
  result_.elapsed = absl::FromChrono(last_end_ - warmup_end_);
  return std::move(result_);
}

std::optional<bool> LoadLoop::NextCallMeasured() {
  const Clock::time_point now = Clock::now();
  if (now < warmup_end_) return false;
  if (spec_.count > 0) {
    if (measured_started_.fetch_add(1) < spec_.count) return true;
    return std::nullopt;
  }
  if (now < measure_end_) return true;
  return std::nullopt;
}

void LoadLoop::Start(Slot& slot) {
  const std::optional<bool> measured = NextCallMeasured();
  if (!measured.has_value()) {
    // The last slot to stop ends the run; nothing here touches `this` after.
    if (active_slots_.fetch_sub(1) == 1) all_done_.Notify();
    return;
  }
  slot.measured = *measured;
  slot.context.emplace();
  slot.context->set_deadline(std::chrono::system_clock::now() +
                             absl::ToChronoNanoseconds(spec_.deadline));
  for (const auto& [key, value] : spec_.metadata) {
    slot.context->AddMetadata(key, value);
  }
  slot.response.Clear();
  slot.start = Clock::now();
  // gRPC defers a callback completed inside this call until the call
  // returns, so restarting from OnDone does not recurse.
  slot.stub->UnaryCall(
      &*slot.context, spec_.method_path, grpc::StubOptions(), &slot.request,
      &slot.response,
      [this, &slot](grpc::Status status) { OnDone(slot, status); });
}

void LoadLoop::OnDone(Slot& slot, const grpc::Status& status) {
  const Clock::time_point end = Clock::now();
  if (slot.measured) Record(slot, status, end);
  Start(slot);
}

void LoadLoop::Record(const Slot& slot, const grpc::Status& status,
                      Clock::time_point end) {
  const auto micros =
      std::chrono::round<std::chrono::microseconds>(end - slot.start).count();
  absl::MutexLock lock(&mu_);
  ++result_.calls;
  result_.latency_us.Record(static_cast<uint64_t>(micros));
  if (status.ok()) {
    ++result_.ok;
    result_.response_bytes += slot.response.Length();
  } else {
    ++result_.errors[StatusCodeName(status.error_code())];
  }
  if (end > last_end_) last_end_ = end;
}

}  // namespace

absl::StatusOr<RunResult> RunLoad(const LoadSpec& spec) {
  LoadLoop loop(spec);
  if (absl::Status connected = loop.Connect(); !connected.ok())
    return connected;
  return loop.Run();
}

}  // namespace masar::bench

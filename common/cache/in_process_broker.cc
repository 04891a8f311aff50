#include "common/cache/in_process_broker.h"

#include <algorithm>
#include <atomic>
#include <utility>

namespace masar::cache {

// One subscription's callback. Its mutex is held while the callback runs so
// that Deactivate() returns only once no call is in flight or can start.
class InProcessBroker::Subscriber {
 public:
  explicit Subscriber(std::function<void(absl::string_view)> on_message)
      : on_message_(std::move(on_message)) {}

  void Deliver(absl::string_view message) {
    absl::MutexLock lock(&mu_);
    if (active_.load()) on_message_(message);
  }

  void Deactivate(std::thread::id delivery_thread) {
    active_.store(false);
    // From inside the callback the delivery thread already holds mu_, and
    // the flag alone stops further calls.
    if (std::this_thread::get_id() == delivery_thread) return;
    absl::MutexLock lock(&mu_);
  }

 private:
  absl::Mutex mu_;
  std::atomic<bool> active_{true};
  const std::function<void(absl::string_view)> on_message_;
};

class InProcessBroker::Handle final : public Cache::Subscription {
 public:
  Handle(InProcessBroker& broker, std::string channel,
         std::shared_ptr<Subscriber> subscriber)
      : broker_(broker),
        channel_(std::move(channel)),
        subscriber_(std::move(subscriber)) {}

  ~Handle() override {
    broker_.Unsubscribe(channel_, subscriber_.get());
    subscriber_->Deactivate(broker_.delivery_.get_id());
  }

 private:
  InProcessBroker& broker_;
  const std::string channel_;
  const std::shared_ptr<Subscriber> subscriber_;
};

InProcessBroker::InProcessBroker(size_t max_pending_messages)
    : max_pending_(max_pending_messages),
      delivery_([this] { DeliveryLoop(); }) {}

InProcessBroker::~InProcessBroker() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  delivery_.join();
}

absl::Status InProcessBroker::Publish(absl::string_view channel,
                                      absl::string_view message) {
  absl::MutexLock lock(&mu_);
  if (!subscribers_.contains(channel)) return absl::OkStatus();
  if (queue_.size() >= max_pending_) {
    return absl::UnavailableError("cache: subscribers are behind");
  }
  queue_.push_back(Message{std::string(channel), std::string(message)});
  return absl::OkStatus();
}

std::unique_ptr<Cache::Subscription> InProcessBroker::Subscribe(
    absl::string_view channel,
    std::function<void(absl::string_view)> on_message) {
  auto subscriber = std::make_shared<Subscriber>(std::move(on_message));
  absl::MutexLock lock(&mu_);
  subscribers_[channel].push_back(subscriber);
  return std::make_unique<Handle>(*this, std::string(channel),
                                  std::move(subscriber));
}

void InProcessBroker::Unsubscribe(const std::string& channel,
                                  const Subscriber* subscriber) {
  absl::MutexLock lock(&mu_);
  auto found = subscribers_.find(channel);
  if (found == subscribers_.end()) return;
  auto& list = found->second;
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const auto& s) { return s.get() == subscriber; }),
             list.end());
  if (list.empty()) subscribers_.erase(found);
}

bool InProcessBroker::HasWork() const {
  return stopping_ || !queue_.empty();
}

void InProcessBroker::DeliveryLoop() {
  for (;;) {
    Message message;
    std::vector<std::shared_ptr<Subscriber>> targets;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &InProcessBroker::HasWork));
      if (stopping_) return;
      message = std::move(queue_.front());
      queue_.pop_front();
      auto found = subscribers_.find(message.channel);
      if (found != subscribers_.end()) targets = found->second;
    }
    for (const auto& subscriber : targets) subscriber->Deliver(message.body);
  }
}

}  // namespace masar::cache

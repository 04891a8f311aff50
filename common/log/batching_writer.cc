#include "common/log/batching_writer.h"

#include <unistd.h>

#include <cerrno>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace masar {
namespace {

// Writes all of `data`, retrying short writes and interruptions; gives up
// on any other error (a log that cannot be written must not stop a call).
void WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

BatchingWriter::BatchingWriter(BatchingWriterOptions options)
    : options_(options), thread_([this] { Loop(); }) {}

BatchingWriter::~BatchingWriter() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
  Flush();
}

void BatchingWriter::Append(absl::string_view line) {
  absl::MutexLock lock(&mu_);
  if (buffer_.size() + line.size() > options_.max_bytes) {
    ++dropped_;
    return;
  }
  buffer_.append(line.data(), line.size());
}

void BatchingWriter::Flush() {
  absl::MutexLock write_lock(&write_mu_);
  std::string batch;
  {
    absl::MutexLock lock(&mu_);
    batch.swap(buffer_);
    if (dropped_ > dropped_reported_) {
      absl::StrAppend(
          &batch, "{\"ts\":\"",
          absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(),
                           absl::UTCTimeZone()),
          "\",\"level\":\"warning\",\"msg\":\"log lines dropped\","
          "\"dropped_total\":",
          dropped_, "}\n");
      dropped_reported_ = dropped_;
    }
  }
  WriteAll(options_.fd, batch);
}

void BatchingWriter::Loop() {
  for (;;) {
    bool stop = false;
    {
      absl::MutexLock lock(&mu_);
      auto full_or_stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return stop_ || buffer_.size() >= options_.flush_bytes;
      };
      mu_.AwaitWithTimeout(absl::Condition(&full_or_stopping),
                           options_.interval);
      stop = stop_;
    }
    if (stop) return;  // the destructor flushes the rest
    Flush();
  }
}

Logger::Sink BatchingWriter::sink() {
  return [this](absl::string_view line) { Append(line); };
}

Logger::Flush BatchingWriter::flush() {
  return [this] { Flush(); };
}

int64_t BatchingWriter::dropped() const {
  absl::MutexLock lock(&mu_);
  return dropped_;
}

}  // namespace masar

#include "common/log/batching_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The read end of a pipe the writer writes to.
class BatchingWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(fds_), 0);
    ASSERT_EQ(::fcntl(fds_[0], F_SETFL, O_NONBLOCK), 0);
  }
  void TearDown() override {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }

  BatchingWriterOptions Options() const {
    BatchingWriterOptions options;
    options.fd = fds_[1];
    options.interval = absl::Hours(1);  // only explicit flushes, by default
    return options;
  }

  // What has reached the pipe so far.
  std::string Written() {
    char chunk[4096];
    for (;;) {
      const ssize_t n = ::read(fds_[0], chunk, sizeof(chunk));
      if (n <= 0) break;
      out_.append(chunk, static_cast<std::size_t>(n));
    }
    return out_;
  }

  int fds_[2];
  std::string out_;
};

TEST_F(BatchingWriterTest, LinesWaitForAFlushAndKeepTheirOrder) {
  BatchingWriter writer(Options());
  writer.Append("one\n");
  writer.Append("two\n");
  EXPECT_THAT(Written(), IsEmpty()) << "buffered, not written per line";
  writer.Flush();
  EXPECT_EQ(Written(), "one\ntwo\n");
}

TEST_F(BatchingWriterTest, TheThreadWritesWithinTheInterval) {
  BatchingWriterOptions options = Options();
  options.interval = absl::Milliseconds(20);
  BatchingWriter writer(options);
  writer.Append("soon\n");
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (Written().empty() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(Written(), "soon\n");
}

TEST_F(BatchingWriterTest, AFullBufferIsWrittenAtOnce) {
  BatchingWriterOptions options = Options();
  options.flush_bytes = 8;
  BatchingWriter writer(options);
  writer.Append("0123456789\n");
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (Written().empty() && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(Written(), "0123456789\n");
}

TEST_F(BatchingWriterTest, DestructionWritesWhatIsLeft) {
  {
    BatchingWriter writer(Options());
    writer.Append("last words\n");
  }
  EXPECT_EQ(Written(), "last words\n");
}

TEST_F(BatchingWriterTest, BeyondTheBoundLinesAreDroppedAndReported) {
  BatchingWriterOptions options = Options();
  options.max_bytes = 10;
  BatchingWriter writer(options);
  writer.Append("kept\n");
  writer.Append("dropped line\n");
  EXPECT_EQ(writer.dropped(), 1);
  writer.Flush();
  std::vector<std::string> lines = absl::StrSplit(Written(), '\n',
                                                  absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "kept");
  EXPECT_THAT(lines[1], HasSubstr("\"msg\":\"log lines dropped\""));
  EXPECT_THAT(lines[1], HasSubstr("\"dropped_total\":1"));
}

TEST_F(BatchingWriterTest, ConcurrentLinesStayWhole) {
  BatchingWriter writer(Options());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < 100; ++i) {
        writer.Append(absl::StrCat("thread ", t, " line ", i, "\n"));
        if (i % 10 == 0) writer.Flush();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  writer.Flush();
  std::vector<std::string> lines = absl::StrSplit(Written(), '\n',
                                                  absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 400u);
  for (const std::string& line : lines) {
    EXPECT_TRUE(absl::StartsWith(line, "thread ")) << line;
  }
}

TEST_F(BatchingWriterTest, TheLoggerFlushesWarningsAtOnce) {
  BatchingWriter writer(Options());
  FakeClock clock;
  Logger logger(writer.sink(), LogLevel::kInfo, &clock, writer.flush());
  logger.Info("call");
  EXPECT_THAT(Written(), IsEmpty());
  logger.Warning("store slow");
  std::vector<std::string> lines = absl::StrSplit(Written(), '\n',
                                                  absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << "the info line goes out with the warning";
  EXPECT_THAT(lines[0], HasSubstr("\"msg\":\"call\""));
  EXPECT_THAT(lines[1], HasSubstr("\"msg\":\"store slow\""));
}

}  // namespace
}  // namespace masar

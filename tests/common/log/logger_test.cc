#include "common/log/logger.h"

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace masar {
namespace {

class LoggerTest : public ::testing::Test {
 protected:
  Logger MakeLogger(LogLevel min) {
    return Logger([this](absl::string_view line) { out_.append(line.data(), line.size()); }, min,
                  &clock_);
  }
  std::vector<std::string> Lines() const {
    return absl::StrSplit(out_, '\n', absl::SkipEmpty());
  }

  FakeClock clock_{absl::FromUnixSeconds(1700000000)};
  std::string out_;
};

TEST_F(LoggerTest, WritesOneJsonObjectPerLine) {
  Logger logger = MakeLogger(LogLevel::kInfo);
  logger.Info("call", {{"method", "/a.B/C"}, {"code", "OK"},
                       {"duration_ms", 1.5}, {"retries", 3}, {"ok", true}});
  ASSERT_EQ(Lines().size(), 1u);
  nlohmann::json line = nlohmann::json::parse(Lines()[0]);
  EXPECT_EQ(line["ts"], "2023-11-14T22:13:20.000000Z");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["msg"], "call");
  EXPECT_EQ(line["method"], "/a.B/C");
  EXPECT_EQ(line["duration_ms"], 1.5);
  EXPECT_EQ(line["retries"], 3);
  EXPECT_EQ(line["ok"], true);
}

TEST_F(LoggerTest, EscapesQuotesNewlinesAndInvalidUtf8) {
  Logger logger = MakeLogger(LogLevel::kInfo);
  logger.Warning("line\nbreak \"quoted\"", {{"bytes", "\xff\xfe"}});
  ASSERT_EQ(Lines().size(), 1u);
  nlohmann::json line = nlohmann::json::parse(Lines()[0]);
  EXPECT_EQ(line["msg"], "line\nbreak \"quoted\"");
  EXPECT_EQ(line["level"], "warning");
}

TEST_F(LoggerTest, KeepsValidUtf8AndEscapesEveryControlCharacter) {
  Logger logger = MakeLogger(LogLevel::kInfo);
  const std::string arabic = "\xd9\x85\xd8\xb3\xd8\xa7\xd8\xb1";  // مسار
  logger.Info(arabic, {{"ctl", std::string("a\x01\tb\\", 5)},
                       {"truncated", "\xd9"},
                       {"surrogate", "\xed\xa0\x80"},
                       {"nan", std::nan("")}});
  ASSERT_EQ(Lines().size(), 1u);
  EXPECT_THAT(Lines()[0], ::testing::HasSubstr("\"msg\":\"" + arabic + "\""));
  nlohmann::json line = nlohmann::json::parse(Lines()[0]);
  EXPECT_EQ(line["msg"], arabic);
  EXPECT_EQ(line["ctl"], std::string("a\x01\tb\\", 5));
  EXPECT_EQ(line["truncated"], "\xef\xbf\xbd") << "U+FFFD";
  EXPECT_EQ(line["surrogate"], "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_TRUE(line["nan"].is_null());
}

TEST_F(LoggerTest, DropsLinesBelowTheLevel) {
  Logger logger = MakeLogger(LogLevel::kWarning);
  logger.Debug("d");
  logger.Info("i");
  logger.Error("e");
  ASSERT_EQ(Lines().size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(Lines()[0])["level"], "error");
}

TEST_F(LoggerTest, ConcurrentLinesStayWhole) {
  Logger logger = MakeLogger(LogLevel::kInfo);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < 200; ++i) logger.Info("x", {{"t", t}, {"i", i}});
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 800u);
  for (const std::string& line : lines) {
    EXPECT_NO_THROW(nlohmann::json::parse(line)) << line;
  }
}

TEST(LogLevelTest, ParsesKnownLevelsAndRefusesOthers) {
  EXPECT_EQ(*ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("warn"), LogLevel::kWarning);
  EXPECT_FALSE(ParseLogLevel("verbose").ok());
}

}  // namespace
}  // namespace masar

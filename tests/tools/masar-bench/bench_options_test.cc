#include "tools/masar-bench/bench_options.h"

#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::bench {
namespace {

using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

absl::StatusOr<BenchOptions> Parse(std::vector<std::string> args) {
  CLI::App app;
  BenchFlags flags;
  AddBenchFlags(app, flags);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  return ToBenchOptions(flags);
}

const std::vector<std::string> kRequired = {
    "--target=127.0.0.1:1", "--method=/a.B/C", "--request=r.json"};

std::vector<std::string> With(std::vector<std::string> extra) {
  extra.insert(extra.begin(), kRequired.begin(), kRequired.end());
  return extra;
}

TEST(BenchOptionsTest, Defaults) {
  absl::StatusOr<BenchOptions> options = Parse(kRequired);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->concurrency, 64);
  EXPECT_EQ(options->connections, 1);
  EXPECT_EQ(options->duration, absl::Seconds(10));
  EXPECT_EQ(options->warmup, absl::Seconds(2));
  EXPECT_EQ(options->deadline, absl::Seconds(5));
  EXPECT_EQ(options->request_format, RequestFormat::kByExtension);
  EXPECT_FALSE(options->baseline);
  EXPECT_EQ(options->pairs, 1);
}

TEST(BenchOptionsTest, ParsesEveryFlag) {
  absl::StatusOr<BenchOptions> options = Parse(
      With({"--request-format=binary", "--concurrency=8", "--duration=1500ms",
            "--count=10", "--warmup=0s", "--metadata=Authorization: Bearer x",
            "--metadata=x-a:b", "--deadline=1s", "--connections=2",
            "--json=out.json", "--baseline", "--pairs=5"}));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->request_format, RequestFormat::kBinary);
  EXPECT_EQ(options->concurrency, 8);
  EXPECT_EQ(options->duration, absl::Milliseconds(1500));
  EXPECT_EQ(options->count, 10);
  EXPECT_EQ(options->warmup, absl::ZeroDuration());
  EXPECT_THAT(options->metadata,
              ElementsAre(Pair("authorization", "Bearer x"), Pair("x-a", "b")));
  EXPECT_EQ(options->deadline, absl::Seconds(1));
  EXPECT_EQ(options->connections, 2);
  EXPECT_EQ(options->json_path, "out.json");
  EXPECT_TRUE(options->baseline);
  EXPECT_EQ(options->pairs, 5);
}

TEST(BenchOptionsTest, ErrorsNameTheFlag) {
  EXPECT_THAT(
      Parse({"--method=/a.B/C", "--request=r"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--target")));
  EXPECT_THAT(
      Parse(With({"--duration=10"})),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--duration")));
  EXPECT_THAT(
      Parse(With({"--metadata=novalue"})),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--metadata")));
  EXPECT_THAT(Parse(With({"--request-format=yaml"})),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--request-format")));
  EXPECT_THAT(
      Parse(With({"--concurrency=2", "--connections=3"})),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--connections")));
  EXPECT_THAT(
      Parse(With({"--pairs=0"})),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--pairs")));
}

}  // namespace
}  // namespace masar::bench

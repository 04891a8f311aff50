#include "common/jcs/jcs.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "common/crypto/digest.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace masar::jcs {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using Json = nlohmann::json;

const std::filesystem::path kVectors = MASAR_JCS_VECTORS_DIR;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// NAME of every NAME.json in the vectors directory, sorted.
std::vector<std::string> VectorNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kVectors)) {
    if (entry.path().extension() == ".json") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The expected bytes were written by an outside implementation (see
// verify_with_node.sh), never by this code.
class JcsVectorTest : public ::testing::TestWithParam<std::string> {};

TEST_P(JcsVectorTest, CanonicalizesToTheCommittedBytesAndDigest) {
  const std::filesystem::path base = kVectors / GetParam();
  const std::string expected = ReadFile(base.string() + ".canonical");
  const std::string expected_digest = ReadFile(base.string() + ".sha256");
  ASSERT_FALSE(expected.empty()) << base << ".canonical missing";
  ASSERT_EQ(expected_digest.size(), 64u) << base << ".sha256";

  const Json input = Json::parse(ReadFile(base.string() + ".json"));
  absl::StatusOr<std::string> canonical = Canonicalize(input);
  ASSERT_TRUE(canonical.ok()) << canonical.status();
  EXPECT_EQ(*canonical, expected);
  EXPECT_EQ(crypto::Sha256Hex(*canonical), expected_digest);
}

INSTANTIATE_TEST_SUITE_P(Vectors, JcsVectorTest,
                         ::testing::ValuesIn(VectorNames()),
                         [](const auto& param) { return param.param; });

TEST(JcsVectorsTest, HoldTheVectorsOtherCodeReliesOn) {
  EXPECT_THAT(
      VectorNames(),
      ::testing::IsSupersetOf(
          {"rfc8785_primitives", "rfc8785_sorting", "rfc8785_number_samples",
           "arabic_text", "french_text", "english_escapes", "numbers",
           "empty_values", "keys_outside_bmp", "agreement_terms_3_parties",
           "agreement_terms_20_parties"}));
}

TEST(JcsCanonicalizeTest, SortsKeysByUtf16CodeUnitsNotUtf8Bytes) {
  // U+10000 is F0 90 80 80 in UTF-8, above U+E000's EE 80 80, but D800 DC00
  // in UTF-16, below E000. nlohmann::json keeps its keys in UTF-8 byte order.
  const Json object = {{"\xee\x80\x80", 1}, {"\xf0\x90\x80\x80", 2}};
  ASSERT_EQ(object.begin().key(), "\xee\x80\x80");
  EXPECT_THAT(Canonicalize(object),
              IsOkAndHolds("{\"\xf0\x90\x80\x80\":2,\"\xee\x80\x80\":1}"));
}

TEST(JcsCanonicalizeTest, EscapesOnlyWhatJsonStringifyEscapes) {
  const Json text =
      std::string("\"\\/\b\f\n\r\t\x01\x1f\x7f\0", 12) + "\xe2\x80\xa8\xc3\xa9";
  EXPECT_THAT(Canonicalize(text),
              IsOkAndHolds("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\\u0000"
                           "\xe2\x80\xa8\xc3\xa9\""));
}

TEST(JcsCanonicalizeTest, RefusesNanAndInfinities) {
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()}) {
    EXPECT_THAT(Canonicalize(Json(bad)),
                StatusIs(absl::StatusCode::kInvalidArgument));
  }
  const Json nested = {{"kpis", {{{"target", 1.0}}, {{"target", NAN}}}}};
  EXPECT_THAT(Canonicalize(nested), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("\"/kpis/1/target\"")));
}

TEST(JcsCanonicalizeTest, RefusesStringsAndKeysThatAreNotUtf8) {
  for (const char* bad : {
           "\xff",              // never in UTF-8
           "\x80",              // continuation without a lead byte
           "\xc3",              // truncated
           "\xe2\x82",          // truncated
           "\xc0\xaf",          // overlong '/'
           "\xe0\x80\xaf",      // overlong '/'
           "\xed\xa0\x80",      // surrogate U+D800
           "\xed\xbf\xbf",      // surrogate U+DFFF
           "\xf4\x90\x80\x80",  // U+110000
           "ok\xc3(",           // bad continuation
       }) {
    EXPECT_THAT(Canonicalize(Json(bad)),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("string that is not UTF-8")))
        << bad;
    EXPECT_THAT(Canonicalize(Json{{"title", {{bad, "x"}}}}),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("key that is not UTF-8 in the object at "
                                   "\"/title\"")))
        << bad;
  }
  EXPECT_THAT(Canonicalize(Json("\xef\xbf\xbf\xf4\x8f\xbf\xbf")),
              IsOkAndHolds("\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\""));
}

TEST(JcsCanonicalizeTest, RefusesIntegersBeyondTwoToThe53) {
  constexpr int64_t kTwoTo53 = int64_t{1} << 53;
  for (const Json& bad :
       {Json(kTwoTo53 + 1), Json(-kTwoTo53 - 1), Json(uint64_t{kTwoTo53} + 1),
        // Doubles hold these exactly, but their JCS text would not read back
        // as the same integer: 2^60 is written 1152921504606847000.
        Json(int64_t{1} << 60), Json(std::numeric_limits<int64_t>::min()),
        Json(std::numeric_limits<int64_t>::max()),
        Json(std::numeric_limits<uint64_t>::max())}) {
    EXPECT_THAT(Canonicalize(bad), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("integer beyond 2^53")))
        << bad.dump();
  }
  EXPECT_THAT(Canonicalize(Json(kTwoTo53)), IsOkAndHolds("9007199254740992"));
  EXPECT_THAT(Canonicalize(Json(-kTwoTo53)), IsOkAndHolds("-9007199254740992"));
  EXPECT_THAT(Canonicalize(Json(uint64_t{kTwoTo53})),
              IsOkAndHolds("9007199254740992"));
  // A double is a double: written as ECMAScript writes it.
  EXPECT_THAT(Canonicalize(Json(1152921504606846976.0)),
              IsOkAndHolds("1152921504606847000"));
}

TEST(JcsCanonicalizeTest, RefusesBinaryValues) {
  EXPECT_THAT(Canonicalize(Json::binary({1, 2, 3})),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(JcsCanonicalizeTest, RefusesNestingDeeperThanTheLimit) {
  auto nested = [](int depth) {
    Json value = Json::array();
    for (int i = 1; i < depth; ++i) value = Json::array({std::move(value)});
    return value;
  };
  EXPECT_TRUE(Canonicalize(nested(kMaxDepth)).ok());
  EXPECT_THAT(Canonicalize(nested(kMaxDepth + 1)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("nesting too deep")));
}

TEST(JcsCanonicalizeTest, NamesTheFailingPlaceAsAJsonPointer) {
  const Json value = {{"a/b", {{"c~d", {0, "\xff"}}}}};
  EXPECT_THAT(Canonicalize(value), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("at \"/a~1b/c~0d/1\"")));
  EXPECT_THAT(
      Canonicalize(Json(NAN)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at \"\"")));
}

}  // namespace
}  // namespace masar::jcs

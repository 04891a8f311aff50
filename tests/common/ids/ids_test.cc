#include "common/ids/ids.h"

#include <set>

#include "gtest/gtest.h"

namespace masar {
namespace {

TEST(IdsTest, NewUuidIsVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuid();
    ASSERT_TRUE(IsUuid(id)) << id;
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
}

TEST(IdsTest, IsUuidRefusesOtherText) {
  EXPECT_TRUE(IsUuid("0B9F1A2C-3D4E-4F50-8A6B-7C8D9E0F1A2B"));
  EXPECT_FALSE(IsUuid(""));
  EXPECT_FALSE(IsUuid("0b9f1a2c3d4e4f508a6b7c8d9e0f1a2b"));
  EXPECT_FALSE(IsUuid("0b9f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2g"));
  EXPECT_FALSE(IsUuid("0b9f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b0"));
}

TEST(IdsTest, RandomHexHasTheLengthAsked) {
  EXPECT_EQ(RandomHex(16).size(), 32u);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

}  // namespace
}  // namespace masar

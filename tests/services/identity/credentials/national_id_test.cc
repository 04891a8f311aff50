#include "services/identity/credentials/national_id.h"

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace masar::identity {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(NationalIdTest, AcceptsOneOrTwoLettersThenDigitsAndUpperCases) {
  EXPECT_THAT(NormalizeNationalId("AB123456"), IsOkAndHolds("AB123456"));
  EXPECT_THAT(NormalizeNationalId("ab123456"), IsOkAndHolds("AB123456"));
  EXPECT_THAT(NormalizeNationalId("J1234"), IsOkAndHolds("J1234"));
  EXPECT_THAT(NormalizeNationalId("Bk12345678"), IsOkAndHolds("BK12345678"));
}

TEST(NationalIdTest, RefusesOtherShapes) {
  for (const char* bad : {"", "AB12", "AB123456789", "123456", "ABC12345",
                          "AB12C456", "AB 12345", "AB-12345",
                          "\xC3\x89"
                          "B12345"}) {
    EXPECT_THAT(NormalizeNationalId(bad),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
}

TEST(NationalIdTest, NamesTheFieldWithoutRepeatingTheValue) {
  const absl::Status status = NormalizeNationalId("ZZ12X45").status();
  EXPECT_THAT(FieldViolations(status),
              ElementsAre(Field(&FieldViolation::field, "national_id")));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("ZZ12X45")));
}

TEST(NationalIdTest, MaskKeepsTheLettersAndLastTwoDigits) {
  EXPECT_EQ(MaskNationalId("AB123456"), "AB****56");
  EXPECT_EQ(MaskNationalId("J1234"), "J**34");
  EXPECT_EQ(MaskNationalId("BK12345678"), "BK******78");
}

}  // namespace
}  // namespace masar::identity

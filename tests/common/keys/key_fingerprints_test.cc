#include "common/keys/key_fingerprints.h"

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/crypto/random.h"
#include "common/sql/migrations.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/sql/test_database.h"

namespace masar::keys {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

KeySet Keys(KeyKind kind, const std::vector<std::string>& secrets) {
  std::vector<Key> held;
  for (const std::string& secret : secrets) {
    held.emplace_back(secret, "test");
  }
  KeySet set("--keys-dir /k (MASAR_KEYS_DIR)");
  set.Put(*KeyRing::Create(kind, std::move(held)));
  return set;
}

class KeyFingerprintsTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> set = KeyFingerprintMigrations();
    ASSERT_THAT(set, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *set), IsOk());
  }

  absl::Status Check(KeyKind kind, const std::vector<std::string>& secrets) {
    return CheckKeyFingerprints(db(), "identity", Keys(kind, secrets), kind,
                                kNow);
  }

  const std::string a_ = crypto::RandomBytes(32);
  const std::string b_ = crypto::RandomBytes(32);
  const std::string c_ = crypto::RandomBytes(32);
};

TEST_P(KeyFingerprintsTest, RecordsTheFingerprintNeverTheKey) {
  ASSERT_THAT(Check(KeyKind::kTotp, {a_}), IsOk());
  absl::StatusOr<std::vector<RecordedKey>> recorded =
      RecordedKeys(db(), KeyKind::kTotp);
  ASSERT_THAT(recorded, IsOk());
  ASSERT_THAT(*recorded, SizeIs(1));
  EXPECT_EQ((*recorded)[0].key_id, KeyIdOf(a_));
  EXPECT_EQ((*recorded)[0].fingerprint, Fingerprint(a_));
  EXPECT_EQ((*recorded)[0].record_time, kNow);
  // The same keys again: fine, nothing added.
  ASSERT_THAT(Check(KeyKind::kTotp, {a_}), IsOk());
  EXPECT_THAT(*RecordedKeys(db(), KeyKind::kTotp), SizeIs(1));
}

TEST_P(KeyFingerprintsTest, OtherKeysAreRefusedNamingTheKindAndTheFlag) {
  ASSERT_THAT(Check(KeyKind::kTotp, {a_}), IsOk());
  EXPECT_THAT(Check(KeyKind::kTotp, {b_}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("identity store"), HasSubstr("totp"),
                             HasSubstr(KeyIdOf(a_)), HasSubstr("--keys-dir"),
                             Not(HasSubstr(Fingerprint(a_))))));
  // Nothing was recorded for the refused process.
  EXPECT_THAT(*RecordedKeys(db(), KeyKind::kTotp), SizeIs(1));
  // Other kinds are checked on their own.
  EXPECT_THAT(Check(KeyKind::kNationalId, {b_}), IsOk());
}

TEST_P(KeyFingerprintsTest, RotationAddsAKeyAndRetiringForgetsTheOld) {
  ASSERT_THAT(Check(KeyKind::kTotp, {a_}), IsOk());
  ASSERT_THAT(Check(KeyKind::kTotp, {a_, b_}), IsOk());
  EXPECT_THAT(*RecordedKeys(db(), KeyKind::kTotp), SizeIs(2));
  // Values may be sealed with either: a replica without the new key, or
  // one that dropped the old before a re-seal, is refused.
  EXPECT_THAT(Check(KeyKind::kTotp, {a_}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(KeyIdOf(b_))));
  EXPECT_THAT(Check(KeyKind::kTotp, {b_}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(KeyIdOf(a_))));
  // After a re-seal, the old key is forgotten and may go.
  Key keep(b_, "test");
  ASSERT_THAT(RetireKeysExcept(db(), KeyKind::kTotp, keep), IsOk());
  EXPECT_THAT(Check(KeyKind::kTotp, {b_}), IsOk());
}

TEST_P(KeyFingerprintsTest, SigningKeysNeedOnlyOneRecordedKey) {
  ASSERT_THAT(Check(KeyKind::kAuditCheckpoint, {a_}), IsOk());
  EXPECT_THAT(Check(KeyKind::kAuditCheckpoint, {b_}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("audit-checkpoint")));
  ASSERT_THAT(Check(KeyKind::kAuditCheckpoint, {a_, b_}), IsOk());
  // Checkpoints signed with `a` need nothing from the store: it may go.
  EXPECT_THAT(Check(KeyKind::kAuditCheckpoint, {b_, c_}), IsOk());
  EXPECT_THAT(Check(KeyKind::kAuditCheckpoint, {crypto::RandomBytes(32)}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

INSTANTIATE_DATABASE_TEST_SUITE_P(KeyFingerprintsTest);

}  // namespace
}  // namespace masar::keys

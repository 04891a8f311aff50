#include "services/masar/reseal.h"

#include <memory>
#include <string>
#include <vector>

#include "common/crypto/random.h"
#include "common/crypto/secret_box.h"
#include "common/keys/key_ring.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/national_id_cipher.h"
#include "services/identity/credentials/totp_secret_cipher.h"
#include "services/masar/stores.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::IsOkAndHolds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using identity::NationalIdCipher;
using identity::TotpSecretCipher;
using keys::KeyKind;

keys::KeyRing Ring(KeyKind kind, const std::vector<std::string>& secrets) {
  std::vector<keys::Key> held;
  for (const std::string& secret : secrets) held.emplace_back(secret, "test");
  return *keys::KeyRing::Create(kind, std::move(held));
}

class ResealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.data_dir = temp_.path();
    absl::StatusOr<std::unique_ptr<sql::Database>> db =
        OpenServiceStore(config_, "identity");
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    ASSERT_THAT(PrepareServiceStore(*db_, "identity", true, logger_), IsOk());
    old_national_ids_ = *NationalIdCipher::Create(nid_old_, lookup_old_);
    old_totp_ = *TotpSecretCipher::Create(totp_old_);
    rotated_.Put(Ring(KeyKind::kTotp, {totp_old_, totp_new_}));
    rotated_.Put(Ring(KeyKind::kNationalId, {nid_old_, nid_new_}));
    rotated_.Put(Ring(KeyKind::kNationalIdLookup, {lookup_old_, lookup_new_}));
    new_national_ids_ =
        *NationalIdCipher::Create(**rotated_.Get(KeyKind::kNationalId),
                                  **rotated_.Get(KeyKind::kNationalIdLookup));
    new_totp_ = *TotpSecretCipher::Create(**rotated_.Get(KeyKind::kTotp));
  }

  void Insert(const std::string& id, const std::string& national_id,
              const std::string& lookup, const std::string& totp) {
    auto bytes = [](const std::string& b) -> sql::Value {
      if (b.empty()) return std::monostate();
      return sql::Blob{b};
    };
    ASSERT_THAT(
        db_->Execute(
               "INSERT INTO identity_users (id, display_name, phone, "
               "national_id_masked, preferred_language, state, gender, "
               "birth_year, password_hash, mfa_enabled, totp_last_step, "
               "create_time, update_time, version, national_id_ciphertext, "
               "national_id_lookup, totp_secret) VALUES (?, 'A', '', 'AB****56', "
               "2, 1, 0, 0, 'h', 0, 0, 0, 0, 1, ?, ?, ?)",
               {sql::Value(id), bytes(national_id),
                lookup.empty() ? sql::Value(std::monostate())
                               : sql::Value(lookup),
                bytes(totp)})
            .status(),
        IsOk());
  }

  struct Row {
    std::string national_id, lookup, totp;
  };
  Row Read(const std::string& id) {
    absl::StatusOr<sql::Result> r = db_->Execute(
        "SELECT national_id_ciphertext, national_id_lookup, totp_secret FROM "
        "identity_users WHERE id = ?",
        {sql::Value(id)});
    EXPECT_THAT(r, IsOk());
    const sql::Row& row = r->rows.at(0);
    return Row{row.IsNull(0) ? "" : *row.Bytes(0),
               row.IsNull(1) ? "" : *row.Text(1),
               row.IsNull(2) ? "" : *row.Bytes(2)};
  }

  ::masar::testing::ScopedTempDir temp_{"masar-reseal-test"};
  ServeConfig config_;
  SystemClock clock_;
  Logger logger_{[](absl::string_view) {}, LogLevel::kError, &clock_};
  std::unique_ptr<sql::Database> db_;
  const std::string totp_old_ = crypto::RandomBytes(32);
  const std::string totp_new_ = crypto::RandomBytes(32);
  const std::string nid_old_ = crypto::RandomBytes(32);
  const std::string nid_new_ = crypto::RandomBytes(32);
  const std::string lookup_old_ = crypto::RandomBytes(32);
  const std::string lookup_new_ = crypto::RandomBytes(32);
  std::unique_ptr<NationalIdCipher> old_national_ids_, new_national_ids_;
  std::unique_ptr<TotpSecretCipher> old_totp_, new_totp_;
  keys::KeySet rotated_;
};

TEST_F(ResealTest, SealsEverythingWithTheNewestKeysAndReportsDuplicates) {
  // Sealed before key ids existed, with no lookup digest yet.
  const std::string legacy =
      (*crypto::SecretBox::Create(nid_old_))->Seal("AB123456");
  Insert("u1", legacy, "", old_totp_->Seal("u1", "totp secret"));
  // The same identifier, sealed and digested with the old keys.
  Insert("u2", *old_national_ids_->Encrypt("AB123456"),
         *old_national_ids_->LookupDigest("AB123456"), "");
  // Already current.
  Insert("u3", *new_national_ids_->Encrypt("CD654321"),
         *new_national_ids_->LookupDigest("CD654321"),
         new_totp_->Seal("u3", "other secret"));

  absl::StatusOr<ResealReport> report = ResealIdentityUsers(*db_, rotated_, 2);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->users, 3);
  EXPECT_EQ(report->resealed, 3);  // u1's two values, u2's national id
  EXPECT_EQ(report->lookups, 1);   // u1's
  EXPECT_THAT(report->unreadable, IsEmpty());
  ASSERT_THAT(report->duplicates, SizeIs(1));
  EXPECT_THAT(report->duplicates[0], HasSubstr("users/u2"));
  EXPECT_THAT(report->duplicates[0], HasSubstr("users/u1"));
  EXPECT_THAT(report->duplicates[0], ::testing::Not(HasSubstr("AB123456")));

  // Only the newest keys are needed now.
  auto only_new = NationalIdCipher::Create(nid_new_, lookup_new_);
  auto only_new_totp = TotpSecretCipher::Create(totp_new_);
  const Row u1 = Read("u1");
  EXPECT_THAT((*only_new)->Decrypt(u1.national_id), IsOkAndHolds("AB123456"));
  EXPECT_EQ(u1.lookup, *(*only_new)->LookupDigest("AB123456"));
  EXPECT_THAT((*only_new_totp)->Open("u1", u1.totp),
              IsOkAndHolds("totp secret"));
  const Row u2 = Read("u2");
  EXPECT_THAT((*only_new)->Decrypt(u2.national_id), IsOkAndHolds("AB123456"));
  EXPECT_EQ(u2.lookup, "");  // the second holder keeps no digest

  // Nothing left to do the second time.
  report = ResealIdentityUsers(*db_, rotated_);
  ASSERT_THAT(report, IsOk());
  EXPECT_EQ(report->resealed, 0);
  EXPECT_EQ(report->lookups, 0);
}

TEST_F(ResealTest, AValueNoHeldKeyOpensIsReportedNotLost) {
  Insert("u1", "", "", (*TotpSecretCipher::Create(crypto::RandomBytes(32)))
                           ->Seal("u1", "totp secret"));
  absl::StatusOr<ResealReport> report = ResealIdentityUsers(*db_, rotated_);
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->unreadable,
              ElementsAre(HasSubstr("users/u1 TOTP secret")));
  EXPECT_FALSE(Read("u1").totp.empty());
}

}  // namespace
}  // namespace masar

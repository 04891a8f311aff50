#include "common/audit/audit_log.h"

#include <fstream>
#include <thread>
#include <vector>

#include "common/audit/checkpoint.h"
#include "common/crypto/digest.h"
#include "common/sql/migrations.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"
#include "tests/testing/sql/test_database.h"

namespace masar::audit {
namespace {

using ::masar::testing::IsOk;
using ::testing::HasSubstr;

class AuditLogTest : public ::masar::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    absl::StatusOr<sql::MigrationSet> migrations = AuditMigrations();
    ASSERT_THAT(migrations, IsOk());
    ASSERT_THAT(sql::Migrate(db(), *migrations), IsOk());
  }

  void AppendN(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_THAT(db().InTransaction([&](sql::Transaction& tx) {
        return log_.Append(tx, Record(i)).status();
      }),
                  IsOk());
      clock_.Advance(absl::Seconds(1));
    }
  }

  static AuditRecord Record(int i) {
    return AuditRecord{"users/u" + std::to_string(i % 3), "CreateThing",
                       "things/" + std::to_string(i), "req-" + std::to_string(i),
                       crypto::Sha256Hex("payload " + std::to_string(i))};
  }

  Verification VerifyChain(const std::optional<Checkpoint>& checkpoint = {}) {
    absl::StatusOr<Verification> v = log_.Verify(db(), checkpoint);
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() ? *v : Verification{};
  }

  void Exec(const std::string& statement) {
    ASSERT_TRUE(db().Execute(statement).ok()) << statement;
  }

  Checkpoint CheckpointHead() {
    absl::StatusOr<std::optional<AuditEntry>> head = log_.Head(db());
    EXPECT_TRUE(head.ok() && head->has_value());
    return SignCheckpoint(key_, "test", (*head)->sequence, (*head)->digest,
                          clock_.Now());
  }

  FakeClock clock_;
  AuditLog log_{&clock_};
  crypto::Ed25519KeyPair key_ = crypto::Ed25519KeyPair::Generate();
};

TEST_P(AuditLogTest, AppendsALinkedChainThatVerifies) {
  AppendN(5);
  absl::StatusOr<std::vector<AuditEntry>> entries =
      log_.List(db(), AuditFilter{});
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 5u);
  EXPECT_EQ((*entries)[0].previous_digest, kGenesisDigest);
  for (size_t i = 0; i < entries->size(); ++i) {
    EXPECT_EQ((*entries)[i].sequence, static_cast<int64_t>(i + 1));
    EXPECT_EQ((*entries)[i].digest, AuditLog::ComputeDigest((*entries)[i]));
    if (i > 0) {
      EXPECT_EQ((*entries)[i].previous_digest, (*entries)[i - 1].digest);
    }
  }
  Verification v = VerifyChain();
  EXPECT_TRUE(v.valid) << v.problem;
  EXPECT_EQ(v.entries_checked, 5);
  EXPECT_EQ(v.head_digest, (*entries)[4].digest);
}

TEST_P(AuditLogTest, EntryRollsBackWithItsChange) {
  AppendN(2);
  absl::Status failed = db().InTransaction([&](sql::Transaction& tx) {
    EXPECT_TRUE(log_.Append(tx, Record(9)).ok());
    return absl::FailedPreconditionError("the change was refused");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(VerifyChain().entries_checked, 2);
}

TEST_P(AuditLogTest, ListFiltersByResourceActorAndAction) {
  AppendN(6);
  AuditFilter by_actor;
  by_actor.actor = "users/u1";
  absl::StatusOr<std::vector<AuditEntry>> entries = log_.List(db(), by_actor);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].record.resource, "things/1");
  EXPECT_EQ((*entries)[1].record.resource, "things/4");

  AuditFilter page;
  page.after_sequence = 2;
  page.limit = 3;
  entries = log_.List(db(), page);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].sequence, 3);
}

TEST_P(AuditLogTest, AnEditedEntryIsNamed) {
  AppendN(5);
  Exec("UPDATE masar_audit_log SET resource = 'things/forged' WHERE sequence = 3");
  Verification v = VerifyChain();
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.first_invalid_sequence, 3);
  EXPECT_THAT(v.problem, HasSubstr("edited"));
}

TEST_P(AuditLogTest, ARemovedEntryIsNamed) {
  AppendN(5);
  Exec("DELETE FROM masar_audit_log WHERE sequence = 3");
  Verification v = VerifyChain();
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.first_invalid_sequence, 3);
  EXPECT_THAT(v.problem, HasSubstr("missing"));
}

TEST_P(AuditLogTest, ReorderedEntriesAreNamed) {
  AppendN(5);
  // Swap entries 2 and 4 wholesale, renumbering them so the sequence has
  // no gap: only the links reveal it.
  Exec("UPDATE masar_audit_log SET sequence = -2 WHERE sequence = 2");
  Exec("UPDATE masar_audit_log SET sequence = 2 WHERE sequence = 4");
  Exec("UPDATE masar_audit_log SET sequence = 4 WHERE sequence = -2");
  Verification v = VerifyChain();
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.first_invalid_sequence, 2);
}

TEST_P(AuditLogTest, ACutTailIsRevealedByTheCheckpoint) {
  AppendN(5);
  Checkpoint checkpoint = CheckpointHead();
  Exec("DELETE FROM masar_audit_log WHERE sequence >= 4");
  EXPECT_TRUE(VerifyChain().valid) << "the chain alone cannot see a cut tail";
  Verification v = VerifyChain(checkpoint);
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.checkpoint_sequence, 5);
  EXPECT_THAT(v.problem, HasSubstr("cut"));
}

TEST_P(AuditLogTest, ARecomputedChainIsRevealedByTheCheckpoint) {
  AppendN(5);
  Checkpoint checkpoint = CheckpointHead();
  // Forge entry 2 and recompute every digest after it, as an attacker with
  // write access to the database could.
  absl::StatusOr<std::vector<AuditEntry>> entries =
      log_.List(db(), AuditFilter{});
  ASSERT_TRUE(entries.ok());
  std::string previous = (*entries)[0].digest;
  for (size_t i = 1; i < entries->size(); ++i) {
    AuditEntry e = (*entries)[i];
    if (i == 1) e.record.resource = "things/forged";
    e.previous_digest = previous;
    e.digest = AuditLog::ComputeDigest(e);
    previous = e.digest;
    const sql::Value params[] = {e.record.resource, e.previous_digest, e.digest,
                                 e.sequence};
    ASSERT_TRUE(db().Execute("UPDATE masar_audit_log SET resource = ?, "
                             "previous_digest = ?, digest = ? WHERE sequence = ?",
                             params)
                    .ok());
  }
  EXPECT_TRUE(VerifyChain().valid) << "a recomputed chain is self-consistent";
  Verification v = VerifyChain(checkpoint);
  EXPECT_FALSE(v.valid);
  EXPECT_EQ(v.first_invalid_sequence, 5);
  EXPECT_THAT(v.problem, HasSubstr("recomputed"));
}

TEST_P(AuditLogTest, ConcurrentAppendsKeepOneChain) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        sql::TransactionOptions options;
        options.max_attempts = 50;
        absl::Status s = db().InTransaction(options, [&](sql::Transaction& tx) {
          return log_.Append(tx, Record(t * 100 + i)).status();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  Verification v = VerifyChain();
  EXPECT_TRUE(v.valid) << v.problem;
  EXPECT_EQ(v.entries_checked, 40);
}

INSTANTIATE_DATABASE_TEST_SUITE_P(AuditLogTest);

TEST(CheckpointTest, SignatureBindsEveryField) {
  crypto::Ed25519KeyPair key = crypto::Ed25519KeyPair::Generate();
  Checkpoint c = SignCheckpoint(key, "identity", 7, "abc", absl::Now());
  EXPECT_THAT(VerifyCheckpointSignature(c, key.public_key()), IsOk());

  Checkpoint forged = c;
  forged.sequence = 6;
  EXPECT_FALSE(VerifyCheckpointSignature(forged, key.public_key()).ok());
  forged = c;
  forged.digest = "abd";
  EXPECT_FALSE(VerifyCheckpointSignature(forged, key.public_key()).ok());

  crypto::Ed25519KeyPair other = crypto::Ed25519KeyPair::Generate();
  Checkpoint self_signed = SignCheckpoint(other, "identity", 7, "abc", c.time);
  EXPECT_FALSE(VerifyCheckpointSignature(self_signed, key.public_key()).ok())
      << "a checkpoint signed by another key is not trusted";
}

TEST(CheckpointTest, FileKeepsTheLatestAndSurvivesATornLine) {
  ::masar::testing::ScopedTempDir dir("masar-checkpoints");
  CheckpointFile file(dir.File("identity.jsonl"));
  absl::StatusOr<std::optional<Checkpoint>> none = file.Latest();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  crypto::Ed25519KeyPair key = crypto::Ed25519KeyPair::Generate();
  ASSERT_THAT(file.Append(SignCheckpoint(key, "identity", 1, "a", absl::Now())),
              IsOk());
  ASSERT_THAT(file.Append(SignCheckpoint(key, "identity", 2, "b", absl::Now())),
              IsOk());
  std::ofstream(dir.File("identity.jsonl"), std::ios::app) << "{\"service\":\"ide";

  absl::StatusOr<std::optional<Checkpoint>> latest = file.Latest();
  ASSERT_TRUE(latest.ok()) << latest.status();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->sequence, 2);
  EXPECT_THAT(VerifyCheckpointSignature(**latest, key.public_key()), IsOk());
}

}  // namespace
}  // namespace masar::audit

#include "common/audit/audit_log.h"

#include <fstream>
#include <thread>
#include <vector>

#include "common/audit/audit_page.h"
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

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
      log_.List(db(), AuditFilter{}, 50);
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

TEST_P(AuditLogTest, ListFiltersByActorAndResumesAfterASequence) {
  AppendN(6);
  AuditFilter by_actor;
  by_actor.actor = "users/u1";
  absl::StatusOr<std::vector<AuditEntry>> entries =
      log_.List(db(), by_actor, 50);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].record.resource, "things/1");
  EXPECT_EQ((*entries)[1].record.resource, "things/4");

  AuditFilter after;
  after.after_sequence = 2;
  entries = log_.List(db(), after, 3);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].sequence, 3);
}

// ListAuditPage, which every ListAuditEvents maps onto.

TEST_P(AuditLogTest, PagesWalkTheChainWithTokens) {
  AppendN(7);
  std::vector<int64_t> seen;
  aip::PageRequest request{3, ""};
  for (int pages = 1;; ++pages) {
    absl::StatusOr<aip::Page<AuditEntry>> page =
        ListAuditPage(log_, db(), AuditFilter{}, request);
    ASSERT_THAT(page, IsOk());
    ASSERT_LE(page->items.size(), 3u);
    for (const AuditEntry& e : page->items) seen.push_back(e.sequence);
    if (page->next_page_token.empty()) {
      EXPECT_EQ(pages, 3);
      break;
    }
    request.page_token = page->next_page_token;
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST_P(AuditLogTest, AResourceMatchesItselfAndItsSubtreeOnly) {
  for (const char* resource :
       {"programs/p", "programs/p/applications/a", "programs/p2",
        "programs/P/applications/b", "programs/px/applications/c",
        "programs/p/reviews/r"}) {
    ASSERT_THAT(db().InTransaction([&](sql::Transaction& tx) {
      return log_.Append(tx, AuditRecord{"system", "Change", resource, "", ""})
          .status();
    }),
                IsOk());
  }
  const auto resources = [&](const std::string& filter) {
    std::vector<std::string> out;
    AuditFilter subtree;
    subtree.resource = filter;
    absl::StatusOr<aip::Page<AuditEntry>> page =
        ListAuditPage(log_, db(), subtree, aip::PageRequest{});
    EXPECT_THAT(page, IsOk());
    if (page.ok()) {
      for (const AuditEntry& e : page->items) out.push_back(e.record.resource);
    }
    return out;
  };
  EXPECT_THAT(resources("programs/p"),
              ElementsAre("programs/p", "programs/p/applications/a",
                          "programs/p/reviews/r"));
  EXPECT_THAT(resources("programs/p/applications/a"),
              ElementsAre("programs/p/applications/a"));
  // "_" and "%" are not wildcards, and case counts.
  EXPECT_THAT(resources("programs/p_"), IsEmpty());
  EXPECT_THAT(resources("programs/%"), IsEmpty());
  EXPECT_THAT(resources("programs/P"),
              ElementsAre("programs/P/applications/b"));
}

TEST_P(AuditLogTest, AfterSequenceIsExclusiveAndTimesBoundThePage) {
  const absl::Time start = clock_.Now();
  AppendN(8);  // entry n at start + (n - 1) seconds
  AuditFilter after;
  after.after_sequence = 4;
  absl::StatusOr<aip::Page<AuditEntry>> page =
      ListAuditPage(log_, db(), after, aip::PageRequest{2, ""});
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].sequence, 5);
  ASSERT_FALSE(page->next_page_token.empty());
  AuditFilter window;
  window.start_time = start + absl::Seconds(2);
  window.end_time = start + absl::Seconds(5);
  page = ListAuditPage(log_, db(), window, aip::PageRequest{});
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items.front().sequence, 3);
  EXPECT_EQ(page->items.back().sequence, 5);
  EXPECT_TRUE(page->next_page_token.empty());
}

TEST_P(AuditLogTest, PageSizesAreClampedAndBadQueriesNameTheirField) {
  AppendN(3);
  absl::StatusOr<aip::Page<AuditEntry>> page =
      ListAuditPage(log_, db(), AuditFilter{}, aip::PageRequest{100000, ""});
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 3u);
  const auto field_of = [&](const AuditFilter& filter,
                            const aip::PageRequest& request) {
    absl::Status status = ListAuditPage(log_, db(), filter, request).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    return std::string(status.message());
  };
  EXPECT_THAT(field_of(AuditFilter{}, aip::PageRequest{-1, ""}),
              HasSubstr("page_size"));
  AuditFilter bad;
  bad.after_sequence = -1;
  EXPECT_THAT(field_of(bad, aip::PageRequest{}), HasSubstr("after_sequence"));
  bad = AuditFilter{};
  bad.start_time = bad.end_time = clock_.Now();
  EXPECT_THAT(field_of(bad, aip::PageRequest{}), HasSubstr("end_time"));
  page = ListAuditPage(log_, db(), AuditFilter{}, aip::PageRequest{1, ""});
  ASSERT_THAT(page, IsOk());
  ASSERT_FALSE(page->next_page_token.empty());
  bad = AuditFilter{};
  bad.actor = "users/u1";  // not the filter the token was issued for
  EXPECT_THAT(field_of(bad, aip::PageRequest{0, page->next_page_token}),
              HasSubstr("page_token"));
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
      log_.List(db(), AuditFilter{}, 50);
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

#include "common/auth/signing_key_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/auth/token_signer.h"
#include "common/auth/token_verifier.h"
#include "common/clock/clock.h"
#include "common/crypto/random.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/auth/token_factory.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::auth {
namespace {

using ::masar::auth::testing::kAudience;
using ::masar::auth::testing::kIssuer;
using ::masar::auth::testing::ValidClaims;
using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

class SigningKeyFilesTest : public ::testing::Test {
 protected:
  // Writes `content` as `name` with `mode`.
  void Write(const std::string& name, const std::string& content,
             mode_t mode = 0400) {
    ASSERT_EQ(::chmod(keys_.Write(name, content).c_str(), mode), 0);
  }
  void Remove(const std::string& name) {
    ASSERT_EQ(::unlink(keys_.File(name).c_str()), 0);
  }

  std::string Seed() { return crypto::RandomBytes(32); }

  TokenVerifier VerifierOver(const SigningKeySet& keys) {
    TokenVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    return TokenVerifier(options, keys.PublicJwks(), &clock_);
  }

  ::masar::testing::ScopedTempDir keys_{"masar-signing-keys"};
  const std::string& dir_ = keys_.path();
  FakeClock clock_;
};

TEST_F(SigningKeyFilesTest, RawAndHexSeedsGiveTheSameKey) {
  const std::string seed = Seed();
  Write("a.ed25519", seed);
  absl::StatusOr<SigningKeySet> raw = LoadSigningKeys(dir_);
  ASSERT_THAT(raw, IsOk());
  Remove("a.ed25519");
  Write("a.ed25519", absl::StrCat(absl::BytesToHexString(seed), "\n"));
  absl::StatusOr<SigningKeySet> hex = LoadSigningKeys(dir_);
  ASSERT_THAT(hex, IsOk());
  EXPECT_EQ(raw->Newest().kid, hex->Newest().kid);
  EXPECT_EQ(raw->Newest().key_pair.public_key(),
            hex->Newest().key_pair.public_key());
}

TEST_F(SigningKeyFilesTest, TheLastByNameSignsAndAllArePublished) {
  Write("2026-01-01.ed25519", Seed());
  Write("2026-06-01.ed25519", Seed());
  Write("README", "not a key");
  Write(".hidden.ed25519", "skipped like Kubernetes' own entries");
  absl::StatusOr<SigningKeySet> keys = LoadSigningKeys(dir_);
  ASSERT_THAT(keys, IsOk());
  EXPECT_THAT(keys->PublicJwks().keys(), SizeIs(2));

  Remove("2026-01-01.ed25519");
  absl::StatusOr<SigningKeySet> newest_only = LoadSigningKeys(dir_);
  ASSERT_THAT(newest_only, IsOk());
  EXPECT_EQ(keys->Newest().kid, newest_only->Newest().kid);
}

// A rotation as an operator does it: a new key file, a restart (a reload),
// the old file kept until the last token it signed has expired.
TEST_F(SigningKeyFilesTest, RotationKeepsOlderTokensValidUntilTheyExpire) {
  Write("2026-01-01.ed25519", Seed());
  absl::StatusOr<SigningKeySet> before = LoadSigningKeys(dir_);
  ASSERT_THAT(before, IsOk());
  absl::StatusOr<std::string> old_token =
      TokenSigner(&*before).Sign(ValidClaims(clock_.Now(), "old"));
  ASSERT_THAT(old_token, IsOk());

  Write("2026-06-01.ed25519", Seed());
  absl::StatusOr<SigningKeySet> after = LoadSigningKeys(dir_);
  ASSERT_THAT(after, IsOk());
  ASSERT_NE(after->Newest().kid, before->Newest().kid) << "the new key signs";
  absl::StatusOr<std::string> new_token =
      TokenSigner(&*after).Sign(ValidClaims(clock_.Now(), "new"));
  ASSERT_THAT(new_token, IsOk());

  TokenVerifier verifier = VerifierOver(*after);
  EXPECT_THAT(verifier.Verify(*old_token), IsOk());
  EXPECT_THAT(verifier.Verify(*new_token), IsOk());
  clock_.Advance(absl::Minutes(11));  // ValidClaims live 10 minutes
  EXPECT_THAT(verifier.Verify(*old_token),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(SigningKeyFilesTest, RefusesWhatIsNotAKeySafelyKept) {
  EXPECT_THAT(LoadSigningKeys(dir_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("no *.ed25519 file")));
  EXPECT_THAT(LoadSigningKeys(absl::StrCat(dir_, "/missing")),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  const std::string seed = Seed();
  Write("open.ed25519", seed, 0644);
  EXPECT_THAT(LoadSigningKeys(dir_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("readable by group or others")));
  Remove("open.ed25519");

  Write("short.ed25519", "0123456789abcdef");
  absl::StatusOr<SigningKeySet> bad = LoadSigningKeys(dir_);
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kFailedPrecondition,
                            HasSubstr("short.ed25519")));
  EXPECT_THAT(bad.status().message(), Not(HasSubstr("0123456789abcdef")));
  Remove("short.ed25519");

  Write("a.ed25519", seed);
  Write("b.ed25519", absl::BytesToHexString(seed));
  EXPECT_THAT(LoadSigningKeys(dir_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("repeats another key file")));
}

}  // namespace
}  // namespace masar::auth

#include <sys/stat.h>
#include <unistd.h>


#include "common/crypto/digest.h"
#include "common/crypto/key_file.h"
#include "common/crypto/ed25519.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar::crypto {
namespace {

TEST(DigestTest, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256("abc").size(), 32u);
}

TEST(DigestTest, BuilderKeepsFieldBoundaries) {
  EXPECT_NE(DigestBuilder().Add("ab").Add("c").Sha256Hex(),
            DigestBuilder().Add("a").Add("bc").Sha256Hex());
  EXPECT_EQ(DigestBuilder().Add("a").Add(int64_t{7}).Sha256Hex(),
            DigestBuilder().Add("a").Add("7").Sha256Hex());
}

TEST(DigestTest, KeyedDigestIsKeyedBlake2b) {
  // Python's hashlib.blake2b(b"abc", key=b"k" * 32, digest_size=32).
  EXPECT_EQ(KeyedDigestHex("abc", std::string(32, 'k')),
            "0a9b1f4f633832a535f3e4539d906998c3814fbcd4cc136e57e8ea742ac36b61");
  EXPECT_NE(KeyedDigestHex("abc", std::string(32, 'j')),
            KeyedDigestHex("abc", std::string(32, 'k')));
}

TEST(DigestTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secrets"));
}

TEST(Ed25519Test, SignsAndVerifies) {
  Ed25519KeyPair key = Ed25519KeyPair::Generate();
  std::string signature = key.Sign("message");
  EXPECT_EQ(signature.size(), 64u);
  EXPECT_TRUE(Ed25519Verify(key.public_key(), "message", signature));
  EXPECT_FALSE(Ed25519Verify(key.public_key(), "messagE", signature));
  signature[0] ^= 1;
  EXPECT_FALSE(Ed25519Verify(key.public_key(), "message", signature));
  EXPECT_FALSE(Ed25519Verify("short", "message", key.Sign("message")));
}

TEST(Ed25519Test, SeedRecreatesTheSameKey) {
  Ed25519KeyPair key = Ed25519KeyPair::Generate();
  absl::StatusOr<Ed25519KeyPair> again = Ed25519KeyPair::FromSeed(key.seed());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key(), key.public_key());
  EXPECT_TRUE(Ed25519Verify(key.public_key(), "m", again->Sign("m")));
  EXPECT_FALSE(Ed25519KeyPair::FromSeed("too short").ok());
}

}  // namespace
}  // namespace masar::crypto

namespace masar::crypto {
namespace {

TEST(KeyFileTest, CreatesOnceWithMode0600AndReadsBack) {
  ::masar::testing::ScopedTempDir dir("masar-keys");
  const std::string path = dir.File("keys/k.key");  // a directory it makes
  absl::StatusOr<std::string> first = LoadOrCreateSecret(path, 32);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), 32u);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  absl::StatusOr<std::string> again = LoadOrCreateSecret(path, 32);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *first);
  EXPECT_EQ(LoadOrCreateSecret(path, 64).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ::chmod(path.c_str(), 0644);
  EXPECT_EQ(LoadOrCreateSecret(path, 32).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace masar::crypto

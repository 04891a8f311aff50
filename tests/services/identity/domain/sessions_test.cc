#include "services/identity/domain/sessions/sessions.h"

#include <string>
#include <vector>

#include "common/auth/jwks.h"
#include "common/auth/signing_key_set.h"
#include "common/cache/memory_cache.h"
#include "common/clock/clock.h"
#include "common/crypto/ed25519.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/identity/credentials/cache_throttle_counters.h"
#include "services/identity/domain/identity_directory.h"
#include "services/identity/testing/in_memory_identity_ports.h"

// The session rules on the in-memory fakes: rotation, reuse detection,
// revocation and introspection of refresh tokens, ending other sessions.
namespace masar::identity {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kSource[] = "ipv4:10.0.0.7";

class SessionsTest : public ::testing::Test {
 protected:
  SessionsTest()
      : directory_(fakes_.directory()),
        tokens_(TokenPolicy{.issuer = "masar", .audience = "masar"}, &keys_,
                &fakes_.sessions(), &directory_, &clock_),
        sessions_(fakes_.tokens(&throttle_), &tokens_, /*verifier=*/nullptr,
                  /*revocations=*/nullptr) {
    crypto::Ed25519KeyPair pair = crypto::Ed25519KeyPair::Generate();
    std::string kid = auth::JwkThumbprint(pair.public_key());
    EXPECT_THAT(keys_.Add(auth::SigningKey{kid, std::move(pair),
                                           absl::UnixEpoch()}),
                IsOk());
    NewUser amina;
    amina.display_name = "Amina";
    amina.email = "amina@example.ma";
    amina.preferred_language = Language::kFr;
    amina.password_hash = "$argon2id$hash";
    amina_ = *RunInTransaction(fakes_.unit_of_work(), [&](Transaction& tx) {
      return directory_.CreateUser(tx, Actor{}, amina);
    });
  }

  IssuedTokens SignIn() {
    absl::StatusOr<IssuedTokens> tokens =
        RunInTransaction(fakes_.unit_of_work(), [&](Transaction& tx) {
          return tokens_.StartSession(tx, amina_.name(), {"pwd"});
        });
    EXPECT_THAT(tokens, IsOk());
    return tokens.ok() ? *tokens : IssuedTokens{};
  }

  std::optional<Session> SessionOf(const std::string& id) {
    std::optional<Session> session;
    EXPECT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
      absl::StatusOr<std::optional<Session>> s =
          fakes_.sessions().GetSession(tx, id);
      if (s.ok()) session = *s;
      return s.status();
    }),
                IsOk());
    return session;
  }

  FakeClock clock_{absl::FromUnixSeconds(1750000000)};
  InMemoryIdentityPorts fakes_{&clock_};
  cache::MemoryCache cache_{clock_};
  CacheThrottleCounters counters_{cache_};
  SignInThrottle throttle_{counters_, counters_};
  auth::SigningKeySet keys_;
  IdentityDirectory directory_;
  SessionTokens tokens_;
  Sessions sessions_;
  User amina_;
};

TEST_F(SessionsTest, RotationIssuesTheNextTokenOfTheSameFamily) {
  IssuedTokens first = SignIn();
  clock_.Advance(absl::Minutes(1));
  absl::StatusOr<IssuedTokens> next =
      sessions_.Refresh(first.refresh_token, kSource);
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next->session_id, first.session_id);
  EXPECT_NE(next->refresh_token, first.refresh_token);
  EXPECT_EQ(next->subject, amina_.name());
  EXPECT_THAT(fakes_.unit_of_work().revocations(), IsEmpty());
}

TEST_F(SessionsTest, ReuseOfARotatedTokenEndsTheWholeFamily) {
  IssuedTokens first = SignIn();
  absl::StatusOr<IssuedTokens> next =
      sessions_.Refresh(first.refresh_token, kSource);
  ASSERT_THAT(next, IsOk());

  // The rotated token again: refused, and the family ends with it.
  EXPECT_THAT(sessions_.Refresh(first.refresh_token, kSource),
              StatusIs(absl::StatusCode::kUnauthenticated));
  std::optional<Session> session = SessionOf(first.session_id);
  ASSERT_TRUE(session.has_value());
  EXPECT_TRUE(session->revoke_time.has_value());
  std::vector<auth::Revocation> revoked = fakes_.unit_of_work().revocations();
  ASSERT_THAT(revoked, SizeIs(1));
  EXPECT_EQ(revoked[0].kind, auth::RevocationKind::kSession);
  EXPECT_EQ(revoked[0].value, first.session_id);
  // The legitimate holder's newer token is dead too.
  EXPECT_THAT(sessions_.Refresh(next->refresh_token, kSource),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(fakes_.unit_of_work().revocations(), SizeIs(1));
}

TEST_F(SessionsTest, EndingEverySessionOfTheUserRefusesRefreshes) {
  IssuedTokens first = SignIn();
  clock_.Advance(absl::Seconds(1));
  ASSERT_THAT(RunInTransaction(fakes_.unit_of_work(),
                               [&](Transaction& tx) {
                                 return directory_.DisableUser(
                                     tx,
                                     Actor(auth::Principal(
                                         "users/admin",
                                         {{auth::Role::kPlatformAdmin, "*"}})),
                                     {amina_.name(), ""});
                               }),
              IsOk());
  EXPECT_THAT(sessions_.Refresh(first.refresh_token, kSource),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(SessionsTest, ARefreshTokenIsRevokedByItsOwnerOrAnAdminOnly) {
  IssuedTokens first = SignIn();
  const auth::Caller stranger(auth::Principal("users/stranger", {}));
  EXPECT_THAT(sessions_.Revoke(stranger, first.refresh_token), IsOk());
  EXPECT_FALSE(SessionOf(first.session_id)->revoke_time.has_value());
  EXPECT_THAT(fakes_.unit_of_work().revocations(), IsEmpty());

  const auth::Caller owner(auth::Principal(amina_.name(), {}));
  EXPECT_THAT(sessions_.Revoke(owner, first.refresh_token), IsOk());
  EXPECT_TRUE(SessionOf(first.session_id)->revoke_time.has_value());
  ASSERT_THAT(fakes_.unit_of_work().revocations(), SizeIs(1));
  EXPECT_THAT(sessions_.Refresh(first.refresh_token, kSource),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(sessions_.Revoke(owner, ""),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(SessionsTest, IntrospectionTellsLiveRefreshTokensFromUsedOnes) {
  IssuedTokens first = SignIn();
  absl::StatusOr<Introspection> live = sessions_.Introspect(first.refresh_token);
  ASSERT_THAT(live, IsOk());
  EXPECT_TRUE(live->active);
  EXPECT_EQ(live->kind, Introspection::Kind::kRefreshToken);
  EXPECT_EQ(live->subject, amina_.name());
  EXPECT_EQ(live->session_id, first.session_id);
  EXPECT_EQ(live->issuer, "masar");

  ASSERT_THAT(sessions_.Refresh(first.refresh_token, kSource), IsOk());
  absl::StatusOr<Introspection> used = sessions_.Introspect(first.refresh_token);
  ASSERT_THAT(used, IsOk());
  EXPECT_FALSE(used->active);
  absl::StatusOr<Introspection> unknown = sessions_.Introspect("nonsense");
  ASSERT_THAT(unknown, IsOk());
  EXPECT_FALSE(unknown->active);
}

TEST_F(SessionsTest, EndOtherSessionsKeepsTheCallersOwn) {
  IssuedTokens kept = SignIn();
  IssuedTokens other = SignIn();
  ASSERT_THAT(fakes_.unit_of_work().Run([&](Transaction& tx) {
    return sessions_.EndOtherSessions(tx, amina_.name(), kept.session_id);
  }),
              IsOk());
  EXPECT_FALSE(SessionOf(kept.session_id)->revoke_time.has_value());
  EXPECT_TRUE(SessionOf(other.session_id)->revoke_time.has_value());
  ASSERT_THAT(fakes_.unit_of_work().revocations(), SizeIs(1));
  EXPECT_EQ(fakes_.unit_of_work().revocations()[0].value, other.session_id);
}

// A failed rotation's writes, revocation included, roll back with it.
TEST_F(SessionsTest, AnEndedSessionRecordsNothingWhenItsTransactionFails) {
  IssuedTokens first = SignIn();
  EXPECT_FALSE(fakes_.unit_of_work()
                   .Run([&](Transaction& tx) {
                     EXPECT_THAT(sessions_.EndSession(tx, first.session_id),
                                 IsOk());
                     return absl::AbortedError("conflict");
                   })
                   .ok());
  EXPECT_FALSE(SessionOf(first.session_id)->revoke_time.has_value());
  EXPECT_THAT(fakes_.unit_of_work().revocations(), IsEmpty());
}

}  // namespace
}  // namespace masar::identity

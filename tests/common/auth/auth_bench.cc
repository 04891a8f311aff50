// Token checks per call: a full verification (what every call would pay
// without the cache), the Authenticator on a warm cache (what a repeated
// token pays), and a bare libsodium verify of the same bytes beside them.
#include <sodium.h>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "benchmark/benchmark.h"
#include "common/auth/authenticator.h"
#include "common/auth/base64url.h"
#include "common/auth/revocation_list.h"
#include "common/auth/signing_key_set.h"
#include "common/auth/token_signer.h"
#include "common/auth/token_verifier.h"
#include "common/auth/verified_token_cache.h"
#include "common/clock/clock.h"
#include "common/crypto/digest.h"
#include "tests/common/auth/token_factory.h"

namespace masar::auth {
namespace {

struct Fixture {
  Fixture() {
    keys.Add(testing::NewKey("k1", clock.Now())).IgnoreError();
    token = *TokenSigner(&keys).Sign(testing::ValidClaims(clock.Now()));
    // Some revocations, so the list lookup is not of an empty map.
    for (int i = 1; i <= 1000; ++i) {
      revocations.Apply({i, RevocationKind::kToken, std::to_string(i),
                         clock.Now(), clock.Now() + absl::Minutes(15)});
    }
  }

  static TokenVerifierOptions Options() {
    TokenVerifierOptions options;
    options.issuer = testing::kIssuer;
    options.audience = testing::kAudience;
    return options;
  }

  SystemClock clock;
  SigningKeySet keys;
  std::string token;
  RevocationList revocations;
};

void BM_BareSodiumVerify(benchmark::State& state) {
  Fixture f;
  std::vector<std::string> parts = absl::StrSplit(f.token, '.');
  std::string input = parts[0] + "." + parts[1];
  std::string signature = *Base64UrlDecode(parts[2]);
  const std::string& key = f.keys.Newest().key_pair.public_key();
  for (auto _ : state) {
    int rc = crypto_sign_verify_detached(
        reinterpret_cast<const unsigned char*>(signature.data()),
        reinterpret_cast<const unsigned char*>(input.data()), input.size(),
        reinterpret_cast<const unsigned char*>(key.data()));
    benchmark::DoNotOptimize(rc);
  }
}
BENCHMARK(BM_BareSodiumVerify);

// The cache key of a token: most of a warm-cache call.
void BM_Sha256OfToken(benchmark::State& state) {
  Fixture f;
  for (auto _ : state) benchmark::DoNotOptimize(crypto::Sha256(f.token));
  state.counters["token_bytes"] = static_cast<double>(f.token.size());
}
BENCHMARK(BM_Sha256OfToken);

void BM_VerifyUncached(benchmark::State& state) {
  Fixture f;
  TokenVerifier verifier(Fixture::Options(), f.keys.PublicJwks(), &f.clock);
  for (auto _ : state) {
    absl::StatusOr<Claims> claims = verifier.Verify(f.token);
    if (!claims.ok()) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(claims);
  }
}
BENCHMARK(BM_VerifyUncached);

void BM_AuthenticatorWarmCache(benchmark::State& state) {
  static Fixture* f = new Fixture();
  static TokenVerifier* verifier =
      new TokenVerifier(Fixture::Options(), f->keys.PublicJwks(), &f->clock);
  static VerifiedTokenCache* cache = new VerifiedTokenCache(&f->clock);
  static Authenticator* authenticator =
      new Authenticator(verifier, cache, &f->revocations);
  if (!authenticator->Authenticate(f->token).ok()) {
    state.SkipWithError("authentication failed");
  }
  for (auto _ : state) {
    auto principal = authenticator->Authenticate(f->token);
    benchmark::DoNotOptimize(principal);
  }
  state.counters["signature_checks"] =
      static_cast<double>(verifier->signature_checks());
}
BENCHMARK(BM_AuthenticatorWarmCache)->Threads(1)->Threads(2);

}  // namespace
}  // namespace masar::auth

BENCHMARK_MAIN();

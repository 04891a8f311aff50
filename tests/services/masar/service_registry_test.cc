#include "services/masar/service_registry.h"

#include <stdlib.h>


#include "services/masar/auth_setup.h"
#include "services/masar/stores.h"
#include "common/cache/memory_cache.h"

#include "common/status/errors.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scoped_temp_dir.h"

namespace masar {
namespace {

using ::masar::testing::IsOkAndHolds;
using ::masar::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ServiceRegistryTest, AllExpandsToTheFourServices) {
  EXPECT_THAT(ResolveServiceNames({"all"}),
              IsOkAndHolds(ElementsAre("identity", "onboarding", "mentoring",
                                       "partnerships")));
}

TEST(ServiceRegistryTest, NamesAreKeptInTheGivenOrder) {
  EXPECT_THAT(ResolveServiceNames({"partnerships", " Identity"}),
              IsOkAndHolds(ElementsAre("partnerships", "identity")));
}

TEST(ServiceRegistryTest, BadListsAreRefusedNamingTheField) {
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{
           {"billing"}, {"identity", "identity"}, {"all", "identity"}, {}}) {
    absl::StatusOr<std::vector<std::string>> names = ResolveServiceNames(bad);
    EXPECT_THAT(names, StatusIs(absl::StatusCode::kInvalidArgument));
    ASSERT_FALSE(FieldViolations(names.status()).empty());
    EXPECT_EQ(FieldViolations(names.status())[0].field, "services");
  }
  EXPECT_THAT(ResolveServiceNames({"billing"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("known: all, identity, onboarding")));
}

TEST(ServiceRegistryTest, EachKnownNameBuildsItsService) {
  const std::vector<std::string> expected = {
      "masar.identity.v1.IdentityService",
      "masar.onboarding.v1.OnboardingService",
      "masar.mentoring.v1.MentoringService",
      "masar.partnerships.v1.PartnershipService"};
  ::masar::testing::ScopedTempDir temp("masar-registry-test");
  const std::string& dir = temp.path();
  SystemClock clock;
  absl::StatusOr<std::unique_ptr<AuthRuntime>> auth = OpenAuth(dir, &clock);
  ASSERT_TRUE(auth.ok()) << auth.status();
  ServeConfig config;
  config.data_dir = dir;
  absl::StatusOr<std::unique_ptr<sql::Database>> db =
      OpenServiceStore(config, "identity");
  ASSERT_TRUE(db.ok()) << db.status();
  Logger logger([](absl::string_view) {}, LogLevel::kError, &clock);
  ASSERT_TRUE(PrepareServiceStore(**db, "identity", true, logger).ok());
  cache::MemoryCache cache(clock);
  BoundedExecutor executor(1, 16);
  ServiceContext context;
  context.auth = auth->get();
  context.db = db->get();
  context.cache = &cache;
  context.executor = &executor;
  context.clock = &clock;
  context.logger = &logger;
  context.data_dir = dir;
  for (size_t i = 0; i < KnownServiceNames().size(); ++i) {
    absl::StatusOr<std::unique_ptr<HostedService>> service =
        MakeService(KnownServiceNames()[i], context);
    ASSERT_TRUE(service.ok()) << service.status();
    EXPECT_EQ((*service)->service_name(), expected[i]);
    EXPECT_NE((*service)->grpc_service(), nullptr);
  }
  EXPECT_THAT(MakeService("billing", context),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar

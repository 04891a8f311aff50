#include "services/masar/service_registry.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/errors.h"
#include "common/auth/guarded_service.h"
#include "masar/mentoring/v1/mentoring_service.grpc.pb.h"
#include "masar/onboarding/v1/onboarding_service.grpc.pb.h"
#include "services/mentoring/api/mentoring_policy.h"
#include "services/onboarding/api/onboarding_policy.h"
#include "services/masar/identity_service.h"
#include "services/masar/partnerships_service.h"

namespace masar {

std::vector<std::string> KnownServiceNames() {
  std::vector<std::string> names;
  for (const ServiceModule& module : ServiceModules()) {
    names.push_back(module.name);
  }
  return names;
}

absl::StatusOr<std::vector<std::string>> ResolveServiceNames(
    const std::vector<std::string>& requested) {
  const std::vector<std::string> known = KnownServiceNames();
  std::vector<std::string> names;
  for (const std::string& raw : requested) {
    const std::string name =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(raw));
    if (name == "all") {
      if (requested.size() != 1) {
        return InvalidArgumentError("services",
                                    "\"all\" cannot be combined with names");
      }
      return known;
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return InvalidArgumentError(
          "services", absl::StrCat("unknown service \"", raw, "\"; known: all, ",
                                   absl::StrJoin(known, ", ")));
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      return InvalidArgumentError(
          "services", absl::StrCat("service \"", name, "\" is named twice"));
    }
    names.push_back(name);
  }
  if (names.empty()) {
    return InvalidArgumentError("services", "name at least one service, or all");
  }
  return names;
}

namespace {

// A service whose methods have not landed: every call is authorized by its
// policy table, then answered UNIMPLEMENTED.
template <typename Generated>
absl::StatusOr<std::unique_ptr<HostedService>> Guarded(
    absl::StatusOr<auth::PolicyTable> policy,
    auth::Authenticator* authenticator) {
  if (!policy.ok()) return policy.status();
  return std::unique_ptr<HostedService>(
      std::make_unique<auth::GuardedUnimplementedService<Generated>>(
          *std::move(policy), authenticator));
}

absl::StatusOr<std::unique_ptr<HostedService>> MakeIdentity(
    const ServiceContext& context, const ServeConfig& config) {
  return MakeIdentityService(context, IdentityOptionsFrom(config));
}

absl::StatusOr<std::unique_ptr<HostedService>> MakePartnerships(
    const ServiceContext& context, const ServeConfig& config) {
  return MakePartnershipsService(context, PartnershipsOptionsFrom(config));
}

template <typename Generated, absl::StatusOr<auth::PolicyTable> (*kPolicy)()>
absl::StatusOr<std::unique_ptr<HostedService>> MakeGuarded(
    const ServiceContext& context, const ServeConfig&) {
  return Guarded<Generated>(kPolicy(), context.auth->authenticator.get());
}

}  // namespace

const std::vector<ServiceModule>& ServiceModules() {
  // The peers are the calls between services of DESIGN.md section 2.
  static const auto* const kModules = new std::vector<ServiceModule>{
      {"identity", &IdentityMigrations, &MakeIdentity, {}},
      {"onboarding", nullptr,
       &MakeGuarded<onboarding::v1::OnboardingService,
                    &onboarding::OnboardingPolicy>,
       {"identity", "partnerships"}},
      {"mentoring", nullptr,
       &MakeGuarded<mentoring::v1::MentoringService,
                    &mentoring::MentoringPolicy>,
       {"identity", "onboarding"}},
      {"partnerships", &PartnershipsMigrations, &MakePartnerships,
       {"identity"}},
  };
  return *kModules;
}

const ServiceModule* FindServiceModule(absl::string_view name) {
  for (const ServiceModule& module : ServiceModules()) {
    if (module.name == name) return &module;
  }
  return nullptr;
}

absl::StatusOr<std::unique_ptr<HostedService>> MakeService(
    absl::string_view name, const ServiceContext& context,
    const ServeConfig& config) {
  const ServiceModule* module = FindServiceModule(name);
  if (module == nullptr) {
    return InvalidArgumentError("services",
                                absl::StrCat("unknown service \"", name, "\""));
  }
  return module->make(context, config);
}

}  // namespace masar

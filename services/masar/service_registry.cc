#include "services/masar/service_registry.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/errors.h"
#include "common/auth/guarded_service.h"
#include "masar/mentoring/v1/mentoring_service.grpc.pb.h"
#include "masar/onboarding/v1/onboarding_service.grpc.pb.h"
#include "masar/partnerships/v1/partnership_service.grpc.pb.h"
#include "services/mentoring/api/mentoring_policy.h"
#include "services/onboarding/api/onboarding_policy.h"
#include "services/partnerships/api/partnerships_policy.h"
#include "services/masar/identity_service.h"

namespace masar {

const std::vector<std::string>& KnownServiceNames() {
  static const auto* const kNames = new std::vector<std::string>{
      "identity", "onboarding", "mentoring", "partnerships"};
  return *kNames;
}

absl::StatusOr<std::vector<std::string>> ResolveServiceNames(
    const std::vector<std::string>& requested) {
  const std::vector<std::string>& known = KnownServiceNames();
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

}  // namespace

absl::StatusOr<std::unique_ptr<HostedService>> MakeService(
    absl::string_view name, const ServiceContext& context) {
  auth::Authenticator* authenticator = context.auth->authenticator.get();
  if (name == "identity") return MakeIdentityService(context);
  if (name == "onboarding") {
    return Guarded<onboarding::v1::OnboardingService>(
        onboarding::OnboardingPolicy(), authenticator);
  }
  if (name == "mentoring") {
    return Guarded<mentoring::v1::MentoringService>(
        mentoring::MentoringPolicy(), authenticator);
  }
  if (name == "partnerships") {
    return Guarded<partnerships::v1::PartnershipService>(
        partnerships::PartnershipsPolicy(), authenticator);
  }
  return InvalidArgumentError("services",
                              absl::StrCat("unknown service \"", name, "\""));
}

}  // namespace masar

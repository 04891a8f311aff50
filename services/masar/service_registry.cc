#include "services/masar/service_registry.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/errors.h"
#include "services/identity/api/identity_grpc_service.h"
#include "services/mentoring/api/mentoring_grpc_service.h"
#include "services/onboarding/api/onboarding_grpc_service.h"
#include "services/partnerships/api/partnerships_grpc_service.h"

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

absl::StatusOr<std::unique_ptr<HostedService>> MakeService(
    absl::string_view name) {
  if (name == "identity") return std::make_unique<identity::IdentityGrpcService>();
  if (name == "onboarding") {
    return std::make_unique<onboarding::OnboardingGrpcService>();
  }
  if (name == "mentoring") {
    return std::make_unique<mentoring::MentoringGrpcService>();
  }
  if (name == "partnerships") {
    return std::make_unique<partnerships::PartnershipsGrpcService>();
  }
  return InvalidArgumentError("services",
                              absl::StrCat("unknown service \"", name, "\""));
}

}  // namespace masar

#include "services/partnerships/domain/names.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"

namespace masar::partnerships {
namespace {

// The segments of `name` when it reads "{collection}/{uuid}" repeated for
// each of `collections`, or empty.
std::vector<std::string> IdsIn(absl::string_view name,
                               std::initializer_list<absl::string_view>
                                   collections) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 * collections.size()) return {};
  std::vector<std::string> ids;
  size_t i = 0;
  for (absl::string_view collection : collections) {
    if (parts[i] != collection || !IsResourceId(parts[i + 1])) return {};
    ids.push_back(parts[i + 1]);
    i += 2;
  }
  return ids;
}

absl::Status Malformed(absl::string_view field, absl::string_view form) {
  return InvalidArgumentError(field, absl::StrCat("must read ", form));
}

absl::StatusOr<std::string> ParseSingle(absl::string_view field,
                                        absl::string_view name,
                                        absl::string_view collection) {
  std::vector<std::string> ids = IdsIn(name, {collection});
  if (ids.empty()) return Malformed(field, absl::StrCat(collection, "/{id}"));
  return ids[0];
}

absl::StatusOr<ChildKey> ParseChild(absl::string_view field,
                                    absl::string_view name,
                                    absl::string_view collection) {
  std::vector<std::string> ids = IdsIn(name, {"agreements", collection});
  if (ids.empty()) {
    return Malformed(field, absl::StrCat("agreements/{id}/", collection, "/{id}"));
  }
  return ChildKey{ids[0], ids[1]};
}

// names[value], or "UNKNOWN" for a value the contract does not define (an
// open proto enum may carry one; validation refuses it).
template <size_t N, typename Enum>
absl::string_view NameAt(const absl::string_view (&names)[N], Enum value) {
  const int i = static_cast<int>(value);
  return i >= 0 && i < static_cast<int>(N) ? names[i] : "UNKNOWN";
}

}  // namespace

std::string AgreementName(absl::string_view id) {
  return absl::StrCat("agreements/", id);
}
std::string OrganizationName(absl::string_view id) {
  return absl::StrCat("organizations/", id);
}
std::string UserName(absl::string_view id) {
  return absl::StrCat("users/", id);
}
std::string ProgramName(absl::string_view id) {
  return absl::StrCat("programs/", id);
}
std::string ObligationName(absl::string_view agreement_id,
                           absl::string_view obligation_id) {
  return absl::StrCat("agreements/", agreement_id, "/obligations/",
                      obligation_id);
}
std::string ObligationName(const Obligation& obligation) {
  return ObligationName(obligation.agreement_id, obligation.id);
}
std::string KpiName(absl::string_view agreement_id, absl::string_view kpi_id) {
  return absl::StrCat("agreements/", agreement_id, "/kpis/", kpi_id);
}
std::string KpiName(const Kpi& kpi) { return KpiName(kpi.agreement_id, kpi.id); }
std::string MeasurementName(const KpiMeasurement& measurement) {
  return absl::StrCat(KpiName(measurement.agreement_id, measurement.kpi_id),
                      "/measurements/", measurement.id);
}

absl::StatusOr<std::string> ParseAgreementName(absl::string_view field,
                                               absl::string_view name) {
  return ParseSingle(field, name, "agreements");
}
absl::StatusOr<ChildKey> ParseObligationName(absl::string_view field,
                                             absl::string_view name) {
  return ParseChild(field, name, "obligations");
}
absl::StatusOr<ChildKey> ParseKpiName(absl::string_view field,
                                      absl::string_view name) {
  return ParseChild(field, name, "kpis");
}
absl::StatusOr<std::string> ParseOrganizationName(absl::string_view field,
                                                  absl::string_view name) {
  return ParseSingle(field, name, "organizations");
}
absl::StatusOr<std::string> ParseUserName(absl::string_view field,
                                          absl::string_view name) {
  return ParseSingle(field, name, "users");
}

bool IsResourceId(absl::string_view id) { return IsUuid(id); }

bool IsProgramId(absl::string_view id) {
  if (id.empty() || id.size() > 63 || !absl::ascii_islower(id[0])) {
    return false;
  }
  for (char c : id) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') {
      return false;
    }
  }
  return true;
}

absl::string_view StateName(AgreementState state) {
  static constexpr absl::string_view kNames[] = {
      "STATE_UNSPECIFIED",  "STATE_DRAFT",   "STATE_IN_REVIEW",
      "STATE_AWAITING_SIGNATURES", "STATE_ACTIVE", "STATE_EXPIRED",
      "STATE_TERMINATED",   "STATE_SUPERSEDED"};
  return NameAt(kNames, state);
}

absl::string_view KindName(AgreementKind kind) {
  static constexpr absl::string_view kNames[] = {
      "KIND_UNSPECIFIED", "KIND_MOU",         "KIND_FRAMEWORK",
      "KIND_CONVENTION",  "KIND_SPONSORSHIP", "KIND_DATA_SHARING"};
  return NameAt(kNames, kind);
}

absl::string_view RoleName(PartyRole role) {
  static constexpr absl::string_view kNames[] = {
      "ROLE_UNSPECIFIED", "ROLE_LEAD", "ROLE_PARTNER",
      "ROLE_IMPLEMENTING_AGENCY", "ROLE_SPONSOR"};
  return NameAt(kNames, role);
}

absl::string_view ScopeAreaName(ScopeArea area) {
  static constexpr absl::string_view kNames[] = {
      "SCOPE_AREA_UNSPECIFIED",
      "SCOPE_AREA_STARTUP_SUPPORT",
      "SCOPE_AREA_SME_DIGITALIZATION",
      "SCOPE_AREA_DIGITAL_GOVERNANCE",
      "SCOPE_AREA_TRAINING",
      "SCOPE_AREA_MENTORING",
      "SCOPE_AREA_CLOUD",
      "SCOPE_AREA_DATA",
      "SCOPE_AREA_ARTIFICIAL_INTELLIGENCE",
      "SCOPE_AREA_CYBERSECURITY",
      "SCOPE_AREA_ECOMMERCE",
      "SCOPE_AREA_MARKET_ACCESS",
      "SCOPE_AREA_INVESTMENT",
      "SCOPE_AREA_RESEARCH_INNOVATION",
      "SCOPE_AREA_NATIONAL_ROADMAP",
      "SCOPE_AREA_IMPACT_MEASUREMENT",
      "SCOPE_AREA_OTHER"};
  return NameAt(kNames, area);
}

absl::string_view SignatoryStatusName(SignatoryStatus status) {
  static constexpr absl::string_view kNames[] = {
      "SIGNATORY_STATUS_UNSPECIFIED", "SIGNATORY_STATUS_VALID",
      "SIGNATORY_STATUS_USER_DISABLED", "SIGNATORY_STATUS_USER_ERASED",
      "SIGNATORY_STATUS_NOT_A_MEMBER"};
  return NameAt(kNames, status);
}

absl::string_view DirectionName(KpiDirection direction) {
  static constexpr absl::string_view kNames[] = {
      "DIRECTION_UNSPECIFIED", "DIRECTION_INCREASE", "DIRECTION_DECREASE"};
  return NameAt(kNames, direction);
}

absl::string_view ObligationStateName(ObligationState state) {
  static constexpr absl::string_view kNames[] = {
      "STATE_UNSPECIFIED", "STATE_OPEN", "STATE_IN_PROGRESS", "STATE_DONE",
      "STATE_WAIVED"};
  return NameAt(kNames, state);
}

std::string DateText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

}  // namespace masar::partnerships

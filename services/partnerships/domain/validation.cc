#include "services/partnerships/domain/validation.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2
                                    : (lead >> 4) == 0xE ? 3
                                    : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

std::string At(absl::string_view prefix, absl::string_view list, size_t i,
               absl::string_view field = "") {
  return absl::StrCat(prefix, ".", list, "[", i, "]",
                      field.empty() ? "" : ".", field);
}

absl::Status ValidateParty(absl::string_view prefix, size_t i, bool paper,
                           const Party& party) {
  if (!IsResourceId(party.organization_id)) {
    return InvalidArgumentError(At(prefix, "parties", i, "organization"),
                                "must read organizations/{id}");
  }
  const int role = static_cast<int>(party.role);
  if (role < 1 || role > 4) {
    return InvalidArgumentError(At(prefix, "parties", i, "role"),
                                "required: a known role");
  }
  if (!(paper && party.signatory_id.empty()) &&
      !IsResourceId(party.signatory_id)) {
    return InvalidArgumentError(At(prefix, "parties", i, "signatory"),
                                "must read users/{id}");
  }
  return ValidateString(At(prefix, "parties", i, "signatory_title"),
                        party.signatory_title, paper ? 1 : 0, kMaxTitle);
}

absl::Status ValidateParties(absl::string_view prefix, bool paper,
                             const std::vector<Party>& parties) {
  const std::string field = absl::StrCat(prefix, ".parties");
  if (parties.size() < kMinParties || parties.size() > kMaxParties) {
    return InvalidArgumentError(field, "must name 2 to 20 parties");
  }
  absl::flat_hash_set<std::string> organizations, signatories;
  int leads = 0;
  for (size_t i = 0; i < parties.size(); ++i) {
    const Party& party = parties[i];
    RETURN_IF_ERROR(ValidateParty(prefix, i, paper, party));
    if (!organizations.insert(party.organization_id).second) {
      return InvalidArgumentError(At(prefix, "parties", i, "organization"),
                                  "the organization is already a party");
    }
    if (!party.signatory_id.empty() &&
        !signatories.insert(party.signatory_id).second) {
      return InvalidArgumentError(At(prefix, "parties", i, "signatory"),
                                  "already signs for another party");
    }
    if (party.role == PartyRole::kLead) ++leads;
  }
  if (leads != 1) {
    return InvalidArgumentError(field, "exactly one party must be ROLE_LEAD");
  }
  return absl::OkStatus();
}

absl::Status ValidateScopeAreas(absl::string_view prefix,
                                std::vector<ScopeArea>& areas) {
  const std::string field = absl::StrCat(prefix, ".scope_areas");
  if (areas.empty()) return InvalidArgumentError(field, "at least one area");
  absl::flat_hash_set<int> seen;
  for (size_t i = 0; i < areas.size(); ++i) {
    const int area = static_cast<int>(areas[i]);
    if (area < 1 || area > kMaxScopeArea) {
      return InvalidArgumentError(absl::StrCat(field, "[", i, "]"),
                                  "not a known scope area");
    }
    if (!seen.insert(area).second) {
      return InvalidArgumentError(absl::StrCat(field, "[", i, "]"),
                                  "repeated scope area");
    }
  }
  std::sort(areas.begin(), areas.end());
  return absl::OkStatus();
}

absl::Status ValidatePrograms(const std::string& field,
                              std::vector<std::string>& programs) {
  if (programs.size() > kMaxNominationPrograms) {
    return InvalidArgumentError(field, "at most 50 programmes");
  }
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < programs.size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    if (!IsProgramId(programs[i])) {
      return InvalidArgumentError(at, "must read programs/{id}");
    }
    if (!seen.insert(programs[i]).second) {
      return InvalidArgumentError(at, "repeated programme");
    }
  }
  std::sort(programs.begin(), programs.end());
  return absl::OkStatus();
}

absl::Status ValidateNominationRights(absl::string_view prefix,
                                      AgreementTerms& terms) {
  std::vector<NominationRight>& rights = terms.nomination_rights;
  if (rights.size() > kMaxNominationRights) {
    return InvalidArgumentError(absl::StrCat(prefix, ".nomination_rights"),
                                "at most 20 rights");
  }
  absl::flat_hash_set<std::string> holders;
  for (size_t i = 0; i < rights.size(); ++i) {
    NominationRight& right = rights[i];
    if (FindParty(terms, right.organization_id) == nullptr) {
      return InvalidArgumentError(
          At(prefix, "nomination_rights", i, "organization"),
          "must be a party of the agreement");
    }
    if (!holders.insert(right.organization_id).second) {
      return InvalidArgumentError(
          At(prefix, "nomination_rights", i, "organization"),
          "one right per party");
    }
    RETURN_IF_ERROR(ValidatePrograms(
        At(prefix, "nomination_rights", i, "programs"), right.program_ids));
    if (right.max_nominations < 1 || right.max_nominations > kMaxNominations) {
      return InvalidArgumentError(
          At(prefix, "nomination_rights", i, "max_nominations"),
          "must be 1..10000");
    }
  }
  std::sort(rights.begin(), rights.end(),
            [](const NominationRight& a, const NominationRight& b) {
              return a.organization_id < b.organization_id;
            });
  return absl::OkStatus();
}

absl::Status ValidateTexts(absl::string_view prefix,
                           const AgreementTerms& terms) {
  RETURN_IF_ERROR(ValidateLocalizedText(absl::StrCat(prefix, ".title"),
                                        terms.title, kMaxTitle, true));
  RETURN_IF_ERROR(ValidateLocalizedText(absl::StrCat(prefix, ".summary"),
                                        terms.summary, kMaxSummary, false));
  RETURN_IF_ERROR(ValidateLocalizedText(absl::StrCat(prefix, ".signing_place"),
                                        terms.signing_place, kMaxTitle, false));
  return ValidateHexDigest(absl::StrCat(prefix, ".terms_document_digest"),
                           terms.terms_document_digest, false);
}

}  // namespace

size_t CodePointCount(absl::string_view text) {
  return std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
}

absl::Status ValidateString(absl::string_view field, absl::string_view text,
                            size_t min, size_t max) {
  if (!IsValidUtf8(text)) return InvalidArgumentError(field, "not UTF-8");
  const size_t n = CodePointCount(text);
  if (n < min || n > max) {
    return InvalidArgumentError(
        field, min == 0 ? absl::StrCat("at most ", max, " characters")
                        : absl::StrCat(min, "..", max, " characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateLocalizedText(absl::string_view field,
                                   const LocalizedText& text, size_t max,
                                   bool required) {
  if (required && text.empty()) {
    return InvalidArgumentError(field, "at least one language required");
  }
  for (auto [lang, value] : {std::pair<const char*, const std::string*>{
                                 "ar", &text.ar},
                             {"fr", &text.fr},
                             {"en", &text.en}}) {
    RETURN_IF_ERROR(
        ValidateString(absl::StrCat(field, ".", lang), *value, 0, max));
  }
  return absl::OkStatus();
}

absl::Status ValidateDay(absl::string_view field, absl::CivilDay day) {
  if (day < kEarliestDay || day.year() > 9999) {
    return InvalidArgumentError(field, "a full date from 1956-01-01 required");
  }
  return absl::OkStatus();
}

absl::Status ValidateHexDigest(absl::string_view field,
                               absl::string_view digest, bool required) {
  if (digest.empty() && !required) return absl::OkStatus();
  const bool hex = digest.size() == 64 &&
                   std::all_of(digest.begin(), digest.end(), [](char c) {
                     return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
                   });
  if (!hex) {
    return InvalidArgumentError(field, "must be 64 lower-case hex characters");
  }
  return absl::OkStatus();
}

absl::Status ValidateReason(absl::string_view field, absl::string_view reason) {
  return ValidateString(field, reason, 1, kMaxReason);
}

absl::Status ValidateTerms(absl::string_view prefix, bool paper,
                           AgreementTerms& terms) {
  const int kind = static_cast<int>(terms.kind);
  if (kind < 1 || kind > 5) {
    return InvalidArgumentError(absl::StrCat(prefix, ".kind"),
                                "required: a known kind");
  }
  RETURN_IF_ERROR(ValidateTexts(prefix, terms));
  RETURN_IF_ERROR(ValidateParties(prefix, paper, terms.parties));
  RETURN_IF_ERROR(ValidateScopeAreas(prefix, terms.scope_areas));
  RETURN_IF_ERROR(
      ValidateDay(absl::StrCat(prefix, ".effective_on"), terms.effective_on));
  if (terms.duration_months < 1 || terms.duration_months > kMaxDurationMonths) {
    return InvalidArgumentError(absl::StrCat(prefix, ".duration_months"),
                                "must be 1..240");
  }
  return ValidateNominationRights(prefix, terms);
}

absl::Status ValidateKpiDefinition(absl::string_view prefix, const Kpi& kpi) {
  RETURN_IF_ERROR(ValidateLocalizedText(absl::StrCat(prefix, ".display_name"),
                                        kpi.display_name, kMaxTitle, true));
  RETURN_IF_ERROR(ValidateString(absl::StrCat(prefix, ".unit"), kpi.unit, 1, 32));
  if (!std::isfinite(kpi.baseline)) {
    return InvalidArgumentError(absl::StrCat(prefix, ".baseline"),
                                "must be a finite number");
  }
  if (!std::isfinite(kpi.target)) {
    return InvalidArgumentError(absl::StrCat(prefix, ".target"),
                                "must be a finite number");
  }
  if (kpi.direction != KpiDirection::kIncrease &&
      kpi.direction != KpiDirection::kDecrease) {
    return InvalidArgumentError(absl::StrCat(prefix, ".direction"),
                                "required: a known direction");
  }
  const bool beyond = kpi.direction == KpiDirection::kIncrease
                          ? kpi.target > kpi.baseline
                          : kpi.target < kpi.baseline;
  if (!beyond) {
    return InvalidArgumentError(absl::StrCat(prefix, ".target"),
                                "must lie beyond baseline in the direction");
  }
  return absl::OkStatus();
}

}  // namespace masar::partnerships

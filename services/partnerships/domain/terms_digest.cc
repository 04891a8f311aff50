#include "services/partnerships/domain/terms_digest.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/jcs/jcs.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

using nlohmann::json;

json Text(const LocalizedText& text) {
  return json{{"ar", text.ar}, {"fr", text.fr}, {"en", text.en}};
}

// A name for a possibly empty id: "" stays "" (an absent string).
std::string NameOr(absl::string_view id, std::string (*name)(absl::string_view)) {
  return id.empty() ? "" : name(id);
}

json Parties(const std::vector<Party>& parties) {
  json out = json::array();
  for (const Party& party : parties) {
    out.push_back({{"organization", OrganizationName(party.organization_id)},
                   {"role", RoleName(party.role)},
                   {"signatory", NameOr(party.signatory_id, &UserName)},
                   {"signatory_title", party.signatory_title}});
  }
  return out;
}

json ScopeAreas(std::vector<ScopeArea> areas) {
  std::sort(areas.begin(), areas.end());
  json out = json::array();
  for (ScopeArea area : areas) out.push_back(ScopeAreaName(area));
  return out;
}

json NominationRights(std::vector<NominationRight> rights) {
  std::sort(rights.begin(), rights.end(),
            [](const NominationRight& a, const NominationRight& b) {
              return a.organization_id < b.organization_id;
            });
  json out = json::array();
  for (NominationRight& right : rights) {
    std::sort(right.program_ids.begin(), right.program_ids.end());
    json programs = json::array();
    for (const std::string& id : right.program_ids) {
      programs.push_back(ProgramName(id));
    }
    out.push_back({{"organization", OrganizationName(right.organization_id)},
                   {"programs", programs},
                   {"max_nominations", right.max_nominations}});
  }
  return out;
}

json Obligations(std::vector<Obligation> obligations) {
  std::sort(obligations.begin(), obligations.end(),
            [](const Obligation& a, const Obligation& b) {
              return ObligationName(a) < ObligationName(b);
            });
  json out = json::array();
  for (const Obligation& o : obligations) {
    out.push_back(
        {{"name", ObligationName(o)},
         {"responsible_party", OrganizationName(o.responsible_party_id)},
         {"description", Text(o.description)},
         {"due_on", DateText(o.due_on)}});
  }
  return out;
}

json Kpis(std::vector<Kpi> kpis) {
  std::sort(kpis.begin(), kpis.end(), [](const Kpi& a, const Kpi& b) {
    return KpiName(a) < KpiName(b);
  });
  json out = json::array();
  for (const Kpi& k : kpis) {
    out.push_back({{"name", KpiName(k)},
                   {"display_name", Text(k.display_name)},
                   {"unit", k.unit},
                   {"baseline", k.baseline},
                   {"target", k.target},
                   {"direction", DirectionName(k.direction)}});
  }
  return out;
}

// AgreementTerms/1, key by key as RequestSignatures defines it.
json TermsV1(const Agreement& a, const std::vector<Obligation>& obligations,
             const std::vector<Kpi>& kpis) {
  const AgreementTerms& t = a.terms;
  return json{{"format", kTermsFormatV1},
              {"name", AgreementName(a.id)},
              {"kind", KindName(t.kind)},
              {"title", Text(t.title)},
              {"summary", Text(t.summary)},
              {"parties", Parties(t.parties)},
              {"scope_areas", ScopeAreas(t.scope_areas)},
              {"effective_on", DateText(t.effective_on)},
              {"duration_months", t.duration_months},
              {"expires_on", DateText(a.expires_on)},
              {"signing_place", Text(t.signing_place)},
              {"terms_document_digest", t.terms_document_digest},
              {"extends", NameOr(a.extends_id, &AgreementName)},
              {"nomination_rights", NominationRights(t.nomination_rights)},
              {"obligations", Obligations(obligations)},
              {"kpis", Kpis(kpis)}};
}

}  // namespace

absl::StatusOr<std::string> CanonicalTerms(
    const Agreement& agreement, const std::vector<Obligation>& obligations,
    const std::vector<Kpi>& kpis, absl::string_view format) {
  if (format != kTermsFormatV1) {
    return InvalidArgumentError(
        "digest_format", absl::StrCat("unknown terms format \"", format, "\""));
  }
  return jcs::Canonicalize(TermsV1(agreement, obligations, kpis));
}

absl::StatusOr<std::string> TermsDigest(
    const Agreement& agreement, const std::vector<Obligation>& obligations,
    const std::vector<Kpi>& kpis, absl::string_view format) {
  ASSIGN_OR_RETURN(std::string canonical,
                   CanonicalTerms(agreement, obligations, kpis, format));
  return crypto::Sha256Hex(canonical);
}

}  // namespace masar::partnerships

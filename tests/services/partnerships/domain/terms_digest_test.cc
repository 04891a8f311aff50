#include "services/partnerships/domain/terms_digest.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/partnerships/domain/names.h"

// The digest the domain computes against the committed JCS vectors, whose
// bytes and SHA-256 come from node's `canonicalize`, an implementation
// sharing no code with ours (tests/common/jcs/verify_with_node.sh).
namespace masar::partnerships {
namespace {

using ::masar::testing::IsOk;
using ::masar::testing::StatusIs;

std::string ReadVector(const std::string& file) {
  std::ifstream in(std::string(MASAR_JCS_VECTORS_DIR) + "/" + file,
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Party MakeParty(std::string org, PartyRole role, std::string signatory,
                std::string title) {
  Party party;
  party.organization_id = std::move(org);
  party.role = role;
  party.signatory_id = std::move(signatory);
  party.signatory_title = std::move(title);
  return party;
}

// Whether an enum's proto name is the JSON string `value`.
bool Named(absl::string_view name, const nlohmann::json& value) {
  return std::string(name) == value.get<std::string>();
}

constexpr char kAgreement[] = "3f1c9a2e-7b4d-4e8a-9c61-2d5f0b8e7a14";
constexpr char kAgency[] = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
constexpr char kMinistry[] = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b";
constexpr char kCompany[] = "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f";

// The tripartite memorandum of agreement_terms_3_parties.json, written
// field by field as the domain holds it.
Agreement Tripartite() {
  Agreement a;
  a.id = kAgreement;
  AgreementTerms& t = a.terms;
  t.kind = AgreementKind::kMou;
  t.title = {"مذكرة تفاهم ثلاثية لتسريع المقاولات الناشئة المغربية",
             "Mémorandum d’entente tripartite pour l’accélération des startups "
             "marocaines",
             "Tripartite memorandum of understanding on accelerating Moroccan "
             "startups"};
  t.summary = {
      "يلتزم الطرفان الآخران بدعم الوكالة في انتقاء 100 مقاولة ناشئة ومواكبتها "
      "لمدة سنتين.",
      "Les parties s’engagent à « qualifier 100 startups » et à offrir des "
      "crédits cloud ; l'agence pilote le programme.",
      ""};
  t.parties = {
      MakeParty(kAgency, PartyRole::kLead,
                "0b9f3a9e-2f41-4c1a-9d35-7d3c1b2a4e5f",
                "المدير العام لوكالة التنمية الرقمية"),
      MakeParty(kMinistry, PartyRole::kPartner,
                "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
                "Ministre déléguée chargée de la Transition numérique"),
      MakeParty(kCompany, PartyRole::kSponsor,
                "9d8c7b6a-5f4e-4d3c-a2b1-0f9e8d7c6b5a",
                "Vice President, \"Startups\" Programs — EMEA")};
  // Stored ascending; given here out of order to show the digest sorts.
  t.scope_areas = {ScopeArea::kImpactMeasurement, ScopeArea::kStartupSupport,
                   ScopeArea::kCloud, ScopeArea::kTraining};
  t.effective_on = absl::CivilDay(2025, 2, 15);
  t.duration_months = 24;
  t.signing_place = {"مراكش — معرض جيتكس إفريقيا", "Marrakech — GITEX Africa",
                     "Marrakesh, GITEX Africa"};
  t.terms_document_digest =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  t.nomination_rights = {
      {kMinistry, {"national-roadmap-2025", "accelerator-2025-ma"}, 40}};
  a.expires_on = AddMonths(t.effective_on, t.duration_months);
  a.extends_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  // Output-only fields are not covered.
  a.state = AgreementState::kActive;
  a.version = 7;
  a.terms.parties[0].signature =
      PartySignature{"0b9f3a9e-2f41-4c1a-9d35-7d3c1b2a4e5f",
                     absl::FromUnixSeconds(1), "x", {"otp"}, "jti"};
  return a;
}

std::vector<Obligation> TripartiteObligations() {
  Obligation roadmap;
  roadmap.agreement_id = kAgreement;
  roadmap.id = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";
  roadmap.responsible_party_id = kAgency;
  roadmap.description = {"انتقاء 100 مقاولة ناشئة وتأهيلها",
                         "Sélectionner et qualifier 100 startups",
                         "Select and qualify 100 startups"};
  roadmap.due_on = absl::CivilDay(2025, 6, 30);
  Obligation credits;
  credits.agreement_id = kAgreement;
  credits.id = "8e9f0a1b-2c3d-4e4f-a5b6-c7d8e9f0a1b2";
  credits.responsible_party_id = kCompany;
  credits.description = {
      "", "",
      "Provide $100,000 of cloud credits per qualified startup\n(see annex 2)"};
  credits.due_on = absl::CivilDay(2026, 12, 31);
  credits.state = ObligationState::kDone;  // progress is not covered
  return {credits, roadmap};
}

Kpi MakeKpi(const char* id, LocalizedText name, const char* unit,
            double baseline, double target, KpiDirection direction) {
  Kpi k;
  k.agreement_id = kAgreement;
  k.id = id;
  k.display_name = std::move(name);
  k.unit = unit;
  k.baseline = baseline;
  k.target = target;
  k.direction = direction;
  return k;
}

std::vector<Kpi> TripartiteKpis() {
  return {
      MakeKpi("f0e1d2c3-b4a5-4968-8776-655443322110",
              {"", "Délai moyen de traitement d’un dossier",
               "Average processing time of an application"},
              "days", 45, 12.25, KpiDirection::kDecrease),
      MakeKpi("4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
              {"المقاولات الناشئة المؤهلة", "Startups qualifiées",
               "Startups qualified"},
              "startups", 0, 100, KpiDirection::kIncrease),
      MakeKpi("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
              {"نسبة النساء بين المؤسسين المكوَّنين",
               "Part des femmes parmi les fondateurs formés",
               "Share of women among trained founders"},
              "%", 20.5, 40, KpiDirection::kIncrease)};
}

TEST(TermsDigestTest, TripartiteMatchesTheOutsideImplementationsBytes) {
  absl::StatusOr<std::string> canonical =
      CanonicalTerms(Tripartite(), TripartiteObligations(), TripartiteKpis(),
                     kTermsFormatV1);
  ASSERT_THAT(canonical, IsOk());
  EXPECT_EQ(*canonical, ReadVector("agreement_terms_3_parties.canonical"));
  absl::StatusOr<std::string> digest =
      TermsDigest(Tripartite(), TripartiteObligations(), TripartiteKpis(),
                  kCurrentTermsFormat);
  ASSERT_THAT(digest, IsOk());
  EXPECT_EQ(*digest, ReadVector("agreement_terms_3_parties.sha256"));
}

// The twenty-party vector read into the domain's model through names and
// enums only, then serialized again: every key, format and order the
// domain writes must give node's bytes.
Agreement AgreementFromVector(const nlohmann::json& j) {
  auto id_of = [](const nlohmann::json& name) {
    std::string text = name.get<std::string>();
    return std::string(text.substr(text.find('/') + 1));
  };
  auto text_of = [](const nlohmann::json& t) {
    return LocalizedText{t["ar"], t["fr"], t["en"]};
  };
  auto day_of = [](const nlohmann::json& d) {
    std::vector<std::string> p = absl::StrSplit(d.get<std::string>(), '-');
    return absl::CivilDay(std::stoi(p[0]), std::stoi(p[1]), std::stoi(p[2]));
  };
  Agreement a;
  a.id = id_of(j["name"]);
  for (int k = 0; k <= 5; ++k) {
    if (Named(KindName(AgreementKind(k)), j["kind"])) a.terms.kind = AgreementKind(k);
  }
  a.terms.title = text_of(j["title"]);
  a.terms.summary = text_of(j["summary"]);
  for (const auto& p : j["parties"]) {
    Party party = MakeParty(id_of(p["organization"]), PartyRole::kUnspecified,
                            id_of(p["signatory"]), p["signatory_title"]);
    for (int r = 0; r <= 4; ++r) {
      if (Named(RoleName(PartyRole(r)), p["role"])) party.role = PartyRole(r);
    }
    a.terms.parties.push_back(party);
  }
  for (const auto& s : j["scope_areas"]) {
    for (int k = 0; k <= kMaxScopeArea; ++k) {
      if (Named(ScopeAreaName(ScopeArea(k)), s)) {
        a.terms.scope_areas.push_back(ScopeArea(k));
      }
    }
  }
  a.terms.effective_on = day_of(j["effective_on"]);
  a.terms.duration_months = j["duration_months"];
  a.terms.signing_place = text_of(j["signing_place"]);
  a.terms.terms_document_digest = j["terms_document_digest"];
  for (const auto& r : j["nomination_rights"]) {
    NominationRight right{id_of(r["organization"]), {}, r["max_nominations"]};
    for (const auto& p : r["programs"]) right.program_ids.push_back(id_of(p));
    a.terms.nomination_rights.push_back(right);
  }
  a.expires_on = AddMonths(a.terms.effective_on, a.terms.duration_months);
  return a;
}

TEST(TermsDigestTest, TwentyPartiesMatchTheOutsideImplementationsBytes) {
  const nlohmann::json j =
      nlohmann::json::parse(ReadVector("agreement_terms_20_parties.json"));
  Agreement a = AgreementFromVector(j);
  EXPECT_EQ(DateText(a.expires_on), j["expires_on"]);  // 2025-01-31 + 37
  std::vector<Obligation> obligations;
  for (const auto& o : j["obligations"]) {
    Obligation ob;
    ob.agreement_id = a.id;
    std::string name = o["name"];
    ob.id = name.substr(name.rfind('/') + 1);
    std::string party = o["responsible_party"];
    ob.responsible_party_id = party.substr(party.find('/') + 1);
    ob.description = {o["description"]["ar"], o["description"]["fr"],
                      o["description"]["en"]};
    std::vector<std::string> d = absl::StrSplit(o["due_on"].get<std::string>(), '-');
    ob.due_on = absl::CivilDay(std::stoi(d[0]), std::stoi(d[1]), std::stoi(d[2]));
    obligations.push_back(ob);
  }
  std::vector<Kpi> kpis;
  for (const auto& k : j["kpis"]) {
    std::string name = k["name"];
    kpis.push_back(MakeKpi(name.substr(name.rfind('/') + 1).c_str(),
                           {k["display_name"]["ar"], k["display_name"]["fr"],
                            k["display_name"]["en"]},
                           k["unit"].get<std::string>().c_str(), k["baseline"],
                           k["target"],
                           k["direction"] == "DIRECTION_INCREASE"
                               ? KpiDirection::kIncrease
                               : KpiDirection::kDecrease));
    kpis.back().agreement_id = a.id;
  }
  std::reverse(obligations.begin(), obligations.end());
  absl::StatusOr<std::string> canonical =
      CanonicalTerms(a, obligations, kpis, kTermsFormatV1);
  ASSERT_THAT(canonical, IsOk());
  EXPECT_EQ(*canonical, ReadVector("agreement_terms_20_parties.canonical"));
  EXPECT_THAT(TermsDigest(a, obligations, kpis, kTermsFormatV1),
              ::masar::testing::IsOkAndHolds(
                  ReadVector("agreement_terms_20_parties.sha256")));
}

TEST(TermsDigestTest, PartyOrderCountsWhileObligationAndKpiOrderDoesNot) {
  const std::string digest =
      *TermsDigest(Tripartite(), TripartiteObligations(), TripartiteKpis(),
                   kTermsFormatV1);
  std::vector<Obligation> obligations = TripartiteObligations();
  std::reverse(obligations.begin(), obligations.end());
  std::vector<Kpi> kpis = TripartiteKpis();
  std::rotate(kpis.begin(), kpis.begin() + 1, kpis.end());
  EXPECT_EQ(*TermsDigest(Tripartite(), obligations, kpis, kTermsFormatV1),
            digest);

  Agreement swapped = Tripartite();
  std::swap(swapped.terms.parties[1], swapped.terms.parties[2]);
  EXPECT_NE(*TermsDigest(swapped, TripartiteObligations(), TripartiteKpis(),
                         kTermsFormatV1),
            digest);

  Agreement retitled = Tripartite();
  retitled.terms.parties[2].signatory_title += ".";
  EXPECT_NE(*TermsDigest(retitled, TripartiteObligations(), TripartiteKpis(),
                         kTermsFormatV1),
            digest);
}

TEST(TermsDigestTest, RefusesAnUnknownFormat) {
  EXPECT_THAT(TermsDigest(Tripartite(), {}, {},
                          "masar.partnerships.v1.AgreementTerms/2"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace masar::partnerships

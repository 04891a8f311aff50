#include "services/identity/domain/validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/status/errors.h"
#include "services/identity/domain/resource_names.h"

namespace masar::identity {
namespace {

// The 249 officially assigned ISO 3166-1 alpha-2 codes.
constexpr absl::string_view kCountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI "
    "BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN "
    "CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK "
    "FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM "
    "HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK "
    "ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP "
    "NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW "
    "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF "
    "TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

bool IsDomainLabel(absl::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

bool IsHostName(absl::string_view host, bool need_dot) {
  std::vector<absl::string_view> labels = absl::StrSplit(host, '.');
  if (need_dot && labels.size() < 2) return false;
  for (absl::string_view label : labels) {
    if (!IsDomainLabel(label)) return false;
  }
  return true;
}

bool OnlyBlank(absl::string_view s) {
  return absl::StripAsciiWhitespace(s).empty();
}

}  // namespace

size_t CodePointCount(absl::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string NormalizeEmail(absl::string_view email) {
  return absl::AsciiStrToLower(email);
}

absl::Status ValidateEmail(absl::string_view field, absl::string_view email) {
  if (email.empty()) return InvalidArgumentError(field, "required");
  if (email.size() > 254) {
    return InvalidArgumentError(field, "at most 254 characters");
  }
  size_t at = email.find('@');
  if (at == absl::string_view::npos ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return InvalidArgumentError(field, "must contain exactly one '@'");
  }
  absl::string_view local = email.substr(0, at);
  absl::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) {
    return InvalidArgumentError(field, "local part must be 1..64 characters");
  }
  for (char c : local) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == '(' || c == ')' ||
        c == ',' || c == ':' || c == ';' || c == '<' || c == '>' || c == '[' ||
        c == ']' || c == '\\') {
      return InvalidArgumentError(field, "invalid character in local part");
    }
  }
  if (local.front() == '.' || local.back() == '.' ||
      absl::StrContains(local, "..")) {
    return InvalidArgumentError(field, "misplaced '.' in local part");
  }
  if (!IsHostName(domain, /*need_dot=*/true)) {
    return InvalidArgumentError(field, "invalid domain");
  }
  return absl::OkStatus();
}

absl::Status ValidatePhone(absl::string_view field, absl::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' ||
      !AllDigits(phone.substr(1)) || phone[1] == '0') {
    return InvalidArgumentError(
        field, "must be E.164: '+' then 7..15 digits, not starting with 0");
  }
  return absl::OkStatus();
}

absl::Status ValidateUserDisplayName(absl::string_view field,
                                     absl::string_view name) {
  size_t n = CodePointCount(name);
  if (n == 0 || OnlyBlank(name)) return InvalidArgumentError(field, "required");
  if (n > 100) return InvalidArgumentError(field, "at most 100 characters");
  return absl::OkStatus();
}

absl::Status ValidateLanguage(absl::string_view field, Language language) {
  switch (language) {
    case Language::kAr:
    case Language::kFr:
    case Language::kEn:
    case Language::kZgh:
      return absl::OkStatus();
    case Language::kUnspecified:
      break;
  }
  return InvalidArgumentError(field, "must be one of ar, fr, en, zgh");
}

absl::Status ValidateNationalId(absl::string_view field, absl::string_view id) {
  size_t letters = 0;
  while (letters < id.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(id[letters]))) {
    ++letters;
  }
  absl::string_view digits = id.substr(letters);
  if (letters < 1 || letters > 2 || digits.size() < 5 || digits.size() > 6 ||
      !AllDigits(digits)) {
    return InvalidArgumentError(
        field, "must be one or two letters then 5 or 6 digits");
  }
  return absl::OkStatus();
}

absl::Status ValidateDemographics(absl::string_view field, Gender gender,
                                  int birth_year, bool consent,
                                  absl::Time now) {
  if (gender != Gender::kUnspecified && gender != Gender::kFemale &&
      gender != Gender::kMale) {
    return InvalidArgumentError(std::string(field) + ".gender",
                                "unknown value");
  }
  int this_year =
      static_cast<int>(absl::ToCivilYear(now, absl::UTCTimeZone()).year());
  if (birth_year != 0 && (birth_year < 1900 || birth_year > this_year)) {
    return InvalidArgumentError(std::string(field) + ".birth_year",
                                "must be 1900..the current year");
  }
  bool any = gender != Gender::kUnspecified || birth_year != 0;
  if (any && !consent) {
    return InvalidArgumentError(std::string(field) + ".consent",
                                "must be true to record demographics");
  }
  return absl::OkStatus();
}

bool IsIsoCountryCode(absl::string_view code) {
  if (code.size() != 2 ||
      !absl::ascii_isupper(static_cast<unsigned char>(code[0])) ||
      !absl::ascii_isupper(static_cast<unsigned char>(code[1]))) {
    return false;
  }
  for (size_t i = 0; i + 2 <= kCountryCodes.size(); i += 3) {
    if (kCountryCodes.substr(i, 2) == code) return true;
  }
  return false;
}

absl::Status ValidateCountry(absl::string_view field, absl::string_view code) {
  if (code.empty()) return InvalidArgumentError(field, "required");
  if (!IsIsoCountryCode(code)) {
    return InvalidArgumentError(
        field, "must be an ISO 3166-1 alpha-2 code in upper case");
  }
  return absl::OkStatus();
}

absl::Status ValidateIce(absl::string_view field, OrganizationKind kind,
                         absl::string_view country, absl::string_view ice) {
  if (ice.empty()) {
    if (country == "MA" && (kind == OrganizationKind::kCompany ||
                            kind == OrganizationKind::kSme)) {
      return InvalidArgumentError(field,
                                  "required for a Moroccan company or SME");
    }
    return absl::OkStatus();
  }
  if (country != "MA") {
    return InvalidArgumentError(field, "only for organizations of country MA");
  }
  if (ice.size() != 15 || !AllDigits(ice)) {
    return InvalidArgumentError(field, "must be 15 digits");
  }
  return absl::OkStatus();
}

absl::Status ValidateWebsite(absl::string_view field, absl::string_view url) {
  if (url.empty()) return absl::OkStatus();
  if (url.size() > 2048) {
    return InvalidArgumentError(field, "at most 2048 characters");
  }
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) {
      return InvalidArgumentError(field, "no spaces or control characters");
    }
  }
  if (!absl::StartsWithIgnoreCase(url, "https://")) {
    return InvalidArgumentError(field, "must be an absolute https:// URL");
  }
  absl::string_view rest = url.substr(8);
  absl::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (absl::StrContains(authority, "@")) {
    return InvalidArgumentError(field, "must not carry credentials");
  }
  absl::string_view host = authority.substr(0, authority.find(':'));
  if (authority.size() > host.size()) {
    absl::string_view port = authority.substr(host.size() + 1);
    if (port.size() > 5 || !AllDigits(port)) {
      return InvalidArgumentError(field, "invalid port");
    }
  }
  if (!IsHostName(host, /*need_dot=*/true)) {
    return InvalidArgumentError(field, "invalid host");
  }
  return absl::OkStatus();
}

absl::Status ValidateOrganizationDisplayName(absl::string_view field,
                                             const LocalizedText& name) {
  if (OnlyBlank(name.ar) && OnlyBlank(name.fr) && OnlyBlank(name.en)) {
    return InvalidArgumentError(field, "at least one language required");
  }
  for (const auto& [lang, text] :
       {std::pair<const char*, const std::string*>{"ar", &name.ar},
        {"fr", &name.fr},
        {"en", &name.en}}) {
    if (CodePointCount(*text) > 200) {
      return InvalidArgumentError(std::string(field) + "." + lang,
                                  "at most 200 characters");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOrganizationKind(absl::string_view field,
                                      OrganizationKind kind) {
  int value = static_cast<int>(kind);
  if (value < 1 || value > 9) return InvalidArgumentError(field, "required");
  return absl::OkStatus();
}

absl::Status ValidateTitle(absl::string_view field, absl::string_view title) {
  if (CodePointCount(title) > 200) {
    return InvalidArgumentError(field, "at most 200 characters");
  }
  return absl::OkStatus();
}

absl::Status ValidateServiceAccountId(absl::string_view field,
                                      absl::string_view id) {
  bool ok = id.size() >= 3 && id.size() <= 63 &&
            absl::ascii_islower(static_cast<unsigned char>(id[0]));
  for (char c : id) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-') {
      ok = false;
    }
  }
  if (!ok) {
    return InvalidArgumentError(
        field,
        "3..63 lower-case letters, digits or hyphens, starting with a letter");
  }
  return absl::OkStatus();
}

absl::Status ValidateServiceAccountDisplayName(absl::string_view field,
                                               absl::string_view name) {
  size_t n = CodePointCount(name);
  if (n == 0 || OnlyBlank(name)) return InvalidArgumentError(field, "required");
  if (n > 100) return InvalidArgumentError(field, "at most 100 characters");
  return absl::OkStatus();
}

absl::Status ValidateServiceAccountDescription(absl::string_view field,
                                               absl::string_view description) {
  if (CodePointCount(description) > 1000) {
    return InvalidArgumentError(field, "at most 1000 characters");
  }
  return absl::OkStatus();
}

absl::Status ValidateScope(absl::string_view field, absl::string_view scope) {
  if (scope == kGlobalScope) return absl::OkStatus();
  if (absl::StartsWith(scope, "organizations/")) {
    return ParseOrganizationName(field, scope).status();
  }
  if (absl::StartsWith(scope, "programs/")) {
    absl::string_view id = scope.substr(9);
    bool ok = !id.empty() && id.size() <= 128;
    for (char c : id) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
          c != '_') {
        ok = false;
      }
    }
    if (ok) return absl::OkStatus();
  }
  return InvalidArgumentError(field,
                              "must be \"*\", \"programs/{program}\" or "
                              "\"organizations/{organization}\"");
}

absl::Status ValidateRoleBinding(absl::string_view prefix, Role role,
                                 absl::string_view scope,
                                 absl::string_view principal) {
  const std::string role_field = absl::StrCat(prefix, ".role");
  const std::string scope_field = absl::StrCat(prefix, ".scope");
  const std::string principal_field = absl::StrCat(prefix, ".principal");
  absl::StatusOr<PrincipalRef> who = ParsePrincipal(principal_field, principal);
  if (!who.ok()) return who.status();
  if (absl::Status s = ValidateScope(scope_field, scope); !s.ok()) return s;
  const bool global = scope == kGlobalScope;
  const bool program = absl::StartsWith(scope, "programs/");
  const bool organization = absl::StartsWith(scope, "organizations/");
  const bool user = who->kind == PrincipalKind::kUser;
  bool scope_ok = false;
  bool principal_ok = true;
  switch (role) {
    case Role::kPlatformAdmin:
      scope_ok = global;
      principal_ok = user;
      break;
    case Role::kAuditor:
      scope_ok = global;
      break;
    case Role::kProgramManager:
    case Role::kReviewer:
    case Role::kMentor:
      scope_ok = global || program;
      break;
    case Role::kFounder:
      scope_ok = organization;
      principal_ok = user;
      break;
    case Role::kPartnershipOfficer:
      scope_ok = global || organization;
      break;
    case Role::kService:
      scope_ok = global;
      principal_ok = !user;
      break;
    case Role::kUnspecified:
    default:
      return InvalidArgumentError(role_field, "required");
  }
  if (!scope_ok) {
    return InvalidArgumentError(
        scope_field, absl::StrCat("not a scope ", RoleName(role), " accepts"));
  }
  if (!principal_ok) {
    return InvalidArgumentError(
        principal_field,
        absl::StrCat(RoleName(role), " is for ",
                     role == Role::kService ? "service accounts" : "users",
                     " only"));
  }
  return absl::OkStatus();
}

}  // namespace masar::identity

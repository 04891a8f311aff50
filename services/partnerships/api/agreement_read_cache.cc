#include "services/partnerships/api/agreement_read_cache.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/auth/principal.h"
#include "common/auth/role.h"
#include "common/status/status_macros.h"
#include "services/partnerships/api/proto_mapping.h"
#include "services/partnerships/domain/access.h"
#include "services/partnerships/domain/names.h"

namespace masar::partnerships {
namespace {

const absl::CivilDay kEpochDay(1970, 1, 1);

// Who fills the cache: the service itself, which GetAgreement lets read
// every agreement (SERVICE on `*`), so that a fill never depends on the
// reader who happened to miss.
const auth::Caller& Filler() {
  static const auth::Caller* const filler = new auth::Caller(auth::Principal(
      "serviceAccounts/partnerships", {{auth::Role::kService, "*"}}));
  return *filler;
}

// The first day after `day` on which what a reader sees of `seen` may
// change: its entry into force, its expiry, its supersession.
absl::CivilDay NextChange(const Agreement& seen, absl::CivilDay day) {
  absl::CivilDay next(9999, 12, 31);
  std::vector<absl::CivilDay> changes = {seen.terms.effective_on,
                                         seen.expires_on};
  if (seen.supersede_on.has_value()) changes.push_back(*seen.supersede_on);
  for (absl::CivilDay change : changes) {
    if (change > day) next = std::min(next, change);
  }
  return next;
}

// The parties of a cached agreement, as the domain's access rules read
// them.
Agreement PartiesOf(const v1::Agreement& agreement) {
  Agreement out;
  for (const v1::Party& party : agreement.parties()) {
    Party to;
    to.organization_id =
        ParseOrganizationName("", party.organization()).value_or("");
    if (!party.signatory().empty()) {
      to.signatory_id = ParseUserName("", party.signatory()).value_or("");
    }
    out.terms.parties.push_back(std::move(to));
  }
  return out;
}

bool ReadableByRole(const auth::Caller& caller,
                    const v1::Agreement& agreement) {
  return ReadsEverything(caller) ||
         caller.HasGlobalRole(auth::Role::kService) ||
         MayReadByRole(caller, PartiesOf(agreement));
}

}  // namespace

std::string AgreementReadCache::Encode(const Agreement& seen,
                                       absl::CivilDay filled_on,
                                       absl::CivilDay read_on) {
  // A fill that straddled midnight may hold either day's view: valid on
  // no day.
  const absl::CivilDay until =
      filled_on == read_on ? NextChange(seen, read_on) : read_on;
  return absl::StrCat(read_on - kEpochDay, ":", until - kEpochDay, ":",
                      ToProto(seen).SerializeAsString());
}

std::optional<AgreementReadCache::Entry> AgreementReadCache::Decode(
    absl::string_view text) {
  std::vector<absl::string_view> parts =
      absl::StrSplit(text, absl::MaxSplits(':', 2));
  int64_t from = 0;
  int64_t until = 0;
  Entry entry;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &from) ||
      !absl::SimpleAtoi(parts[1], &until) ||
      !entry.agreement.ParseFromString(std::string(parts[2]))) {
    return std::nullopt;
  }
  entry.from = kEpochDay + from;
  entry.until = kEpochDay + until;
  return entry;
}

std::optional<v1::Agreement> AgreementReadCache::Usable(
    const auth::Caller& caller, absl::string_view text) const {
  std::optional<Entry> entry = Decode(text);
  if (!entry.has_value()) return std::nullopt;
  const absl::CivilDay today = calendar_->Today();
  if (today < entry->from || today >= entry->until) return std::nullopt;
  if (!ReadableByRole(caller, entry->agreement)) return std::nullopt;
  return std::move(entry->agreement);
}

std::optional<absl::Status> AgreementReadCache::Peek(const auth::Caller& caller,
                                                     const std::string& name,
                                                     v1::Agreement& out) {
  if (!cache_->in_process()) return std::nullopt;
  absl::StatusOr<std::string> id = ParseAgreementName("name", name);
  if (!id.ok()) return id.status();
  std::optional<std::string> cached = cache_->Peek(*id);
  if (!cached.has_value()) return std::nullopt;
  std::optional<v1::Agreement> agreement = Usable(caller, *cached);
  if (!agreement.has_value()) return std::nullopt;
  out = *std::move(agreement);
  return absl::OkStatus();
}

absl::Status AgreementReadCache::Read(const CallMetadata& call,
                                      const auth::Caller& caller,
                                      const std::string& name,
                                      v1::Agreement& out) {
  ASSIGN_OR_RETURN(std::string id, ParseAgreementName("name", name));
  auto fill = [&]() -> absl::StatusOr<std::string> {
    const absl::CivilDay filled_on = calendar_->Today();
    ASSIGN_OR_RETURN(Agreement seen,
                     registry_->GetAgreement(call, Filler(), name));
    return Encode(seen, filled_on, calendar_->Today());
  };
  ASSIGN_OR_RETURN(std::string cached, cache_->Get(id, fill));
  std::optional<v1::Agreement> agreement = Usable(caller, cached);
  if (agreement.has_value()) {
    out = *std::move(agreement);
    return absl::OkStatus();
  }
  // A member of a party (identity decides), or an entry of another day.
  ASSIGN_OR_RETURN(Agreement seen, registry_->GetAgreement(call, caller, name));
  out = ToProto(seen);
  return absl::OkStatus();
}

}  // namespace masar::partnerships

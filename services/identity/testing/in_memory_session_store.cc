#include "services/identity/testing/in_memory_session_store.h"

#include <string>
#include <utility>

#include "common/status/status_macros.h"

namespace masar::identity {
namespace {

// The value under `key` in `map`, or nullopt.
template <typename Map>
std::optional<typename Map::mapped_type> Find(const Map& map,
                                              absl::string_view key) {
  auto it = map.find(std::string(key));
  if (it == map.end()) return std::nullopt;
  return it->second;
}

// Erases at most `budget` entries of `map` that `dead` accepts; the count.
template <typename Map, typename Dead>
int64_t EraseIf(Map& map, Dead dead, int64_t budget) {
  int64_t erased = 0;
  for (auto it = map.begin(); it != map.end() && erased < budget;) {
    if (dead(it->second)) {
      it = map.erase(it);
      ++erased;
    } else {
      ++it;
    }
  }
  return erased;
}

}  // namespace

absl::Status InMemorySessionStore::CreateSession(Transaction& tx,
                                                 const Session& session) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  if (!state->sessions.emplace(session.id, session).second) {
    return absl::AlreadyExistsError("session id taken");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Session>> InMemorySessionStore::GetSession(
    Transaction& tx, absl::string_view id) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  return Find(state->sessions, id);
}

absl::StatusOr<std::vector<Session>> InMemorySessionStore::ActiveSessionsOf(
    Transaction& tx, absl::string_view subject, absl::Time now) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  std::vector<Session> active;
  for (const auto& [id, session] : state->sessions) {
    if (session.subject == subject && session.ActiveAt(now)) {
      active.push_back(session);
    }
  }
  return active;
}

absl::Status InMemorySessionStore::RevokeSession(Transaction& tx,
                                                 absl::string_view id,
                                                 absl::Time when) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  auto it = state->sessions.find(std::string(id));
  if (it != state->sessions.end() && !it->second.revoke_time.has_value()) {
    it->second.revoke_time = when;
  }
  return absl::OkStatus();
}

absl::Status InMemorySessionStore::AddRefreshToken(
    Transaction& tx, const RefreshTokenRecord& token) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  if (!state->refresh_tokens.emplace(token.token_hash, token).second) {
    return absl::AlreadyExistsError("refresh token taken");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<RefreshTokenRecord>>
InMemorySessionStore::FindRefreshToken(Transaction& tx,
                                       absl::string_view token_hash) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  return Find(state->refresh_tokens, token_hash);
}

absl::StatusOr<bool> InMemorySessionStore::MarkRefreshTokenUsed(
    Transaction& tx, absl::string_view token_hash, absl::Time when) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  auto it = state->refresh_tokens.find(std::string(token_hash));
  if (it == state->refresh_tokens.end() || it->second.use_time.has_value()) {
    return false;
  }
  it->second.use_time = when;
  return true;
}

absl::Status InMemorySessionStore::CreateMfaTicket(Transaction& tx,
                                                   const MfaTicket& ticket) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  if (!state->mfa_tickets.emplace(ticket.ticket_hash, ticket).second) {
    return absl::AlreadyExistsError("MFA ticket taken");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<MfaTicket>> InMemorySessionStore::FindMfaTicket(
    Transaction& tx, absl::string_view ticket_hash) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  return Find(state->mfa_tickets, ticket_hash);
}

absl::Status InMemorySessionStore::UpdateMfaTicket(Transaction& tx,
                                                   const MfaTicket& ticket) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  auto it = state->mfa_tickets.find(ticket.ticket_hash);
  if (it == state->mfa_tickets.end()) {
    return absl::NotFoundError("no such MFA ticket");
  }
  it->second.attempts = ticket.attempts;
  it->second.used = ticket.used;
  return absl::OkStatus();
}

absl::Status InMemorySessionStore::AddDeviceToken(Transaction& tx,
                                                  const DeviceToken& token) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  if (!state->device_tokens.emplace(token.token_hash, token).second) {
    return absl::AlreadyExistsError("device token taken");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<DeviceToken>>
InMemorySessionStore::FindDeviceToken(Transaction& tx,
                                      absl::string_view token_hash) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  return Find(state->device_tokens, token_hash);
}

absl::StatusOr<bool> InMemorySessionStore::DeleteDeviceToken(
    Transaction& tx, absl::string_view token_hash) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  return state->device_tokens.erase(std::string(token_hash)) > 0;
}

absl::Status InMemorySessionStore::DeleteDeviceTokensOf(
    Transaction& tx, absl::string_view user_id) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  EraseIf(
      state->device_tokens,
      [&](const DeviceToken& token) { return token.user_id == user_id; },
      static_cast<int64_t>(state->device_tokens.size()));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> InMemorySessionStore::PurgeExpired(Transaction& tx,
                                                           absl::Time now,
                                                           int64_t limit) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  auto session_over = [&](const std::string& id) {
    auto it = state->sessions.find(id);
    return it == state->sessions.end() || it->second.expire_time <= now;
  };
  int64_t purged = EraseIf(
      state->refresh_tokens,
      [&](const RefreshTokenRecord& token) {
        return (!token.use_time.has_value() && token.expire_time <= now) ||
               session_over(token.session_id);
      },
      limit);
  purged += EraseIf(
      state->sessions,
      [&](const Session& session) { return session.expire_time <= now; },
      limit - purged);
  purged += EraseIf(
      state->mfa_tickets,
      [&](const MfaTicket& ticket) { return ticket.expire_time <= now; },
      limit - purged);
  purged += EraseIf(
      state->device_tokens,
      [&](const DeviceToken& token) { return token.expire_time <= now; },
      limit - purged);
  return purged;
}

absl::Status InMemoryRevocationLog::Append(Transaction& tx,
                                           const auth::Revocation& revocation) {
  ASSIGN_OR_RETURN(InMemoryIdentityState * state, InMemoryStateOf(tx));
  auth::Revocation stored = revocation;
  stored.sequence = static_cast<int64_t>(state->revocations.size()) + 1;
  state->revocations.push_back(std::move(stored));
  return absl::OkStatus();
}

}  // namespace masar::identity

#include "services/identity/api/directory_handlers.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/audit/checkpoint.h"
#include "common/auth/grpc_authorization.h"
#include "common/crypto/digest.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/proto_mapping.h"
#include "services/identity/api/request_ids.h"
#include "services/identity/credentials/national_id.h"
#include "services/identity/domain/errors.h"
#include "services/identity/domain/pagination.h"
#include "services/identity/domain/update_mask.h"
#include "services/identity/store/sql_unit_of_work.h"
#include "common/auth/revocation_store.h"
#include "common/auth/revocation_sync.h"
#include "common/auth/token_signer.h"

namespace masar::identity {
namespace {

constexpr char kSecretHashScheme[] = "sha256";
constexpr size_t kSecretBytes = 32;
constexpr size_t kSaltBytes = 16;

std::string FullMethod(absl::string_view method) {
  return absl::StrCat("/", v1::IdentityService::service_full_name(), "/",
                      method);
}

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

Actor ActorOf(const auth::Principal& principal, std::string request_id) {
  Actor actor;
  actor.subject = principal.subject();
  for (const auth::RoleBinding& binding : principal.bindings()) {
    std::optional<Role> role = ParseRoleName(auth::RoleName(binding.role));
    if (role.has_value()) actor.roles.push_back({*role, binding.scope});
  }
  actor.is_service = principal.IsServiceAccount();
  actor.request_id = std::move(request_id);
  return actor;
}

PageRequest PageOf(int32_t page_size, const std::string& page_token) {
  return PageRequest{.page_size = page_size, .page_token = page_token};
}

NameAndEtag NameEtag(const std::string& name, const std::string& etag) {
  return NameAndEtag{.name = name, .etag = etag};
}

// Ends every session of `user` at once: a subject revocation in the
// transaction of the change, which every process's revocation sync picks up
// (pub/sub, or its 1 s poll of this store), so the user's access tokens stop
// working before they expire.
// `ended` receives the stored revocation, to announce after commit.
absl::Status EndSessionsOf(Transaction& tx, const std::string& user,
                           absl::Time now,
                           std::optional<auth::Revocation>& ended) {
  ASSIGN_OR_RETURN(sql::Transaction * sql_tx, SqlOf(tx));
  auth::Revocation revocation;
  revocation.kind = auth::RevocationKind::kSubject;
  revocation.value = user;
  revocation.time = now;
  revocation.expire_time = now + auth::kMaxTokenLifetime + absl::Minutes(1);
  ASSIGN_OR_RETURN(ended, auth::RevocationStore::Append(*sql_tx, revocation));
  return absl::OkStatus();
}

}  // namespace

std::string NewClientSecret() { return RandomHex(kSecretBytes); }

std::string HashClientSecret(absl::string_view secret) {
  const std::string salt = RandomHex(kSaltBytes);
  return absl::StrCat(kSecretHashScheme, "$", salt, "$",
                      crypto::Sha256Hex(absl::StrCat(salt, secret)));
}

bool ClientSecretMatches(absl::string_view secret,
                         absl::string_view stored_hash) {
  std::vector<absl::string_view> parts = absl::StrSplit(stored_hash, '$');
  if (parts.size() != 3 || parts[0] != kSecretHashScheme) return false;
  return crypto::ConstantTimeEquals(
      crypto::Sha256Hex(absl::StrCat(parts[1], secret)), parts[2]);
}

DirectoryHandlers::DirectoryHandlers(DirectoryHandlersDeps deps)
    : deps_(std::move(deps)), audit_log_(deps_.clock) {}

absl::StatusOr<Actor> DirectoryHandlers::Authorize(
    const grpc::ServerContextBase& context, absl::string_view method,
    std::string request_id) const {
  ASSIGN_OR_RETURN(std::shared_ptr<const auth::Principal> principal,
                   auth::AuthorizeGrpcCall(context, FullMethod(method),
                                           *deps_.authorizer));
  if (principal == nullptr) {
    return absl::InternalError("a directory method was left public");
  }
  return ActorOf(*principal, std::move(request_id));
}

grpc::ServerUnaryReactor* DirectoryHandlers::Serve(
    grpc::CallbackServerContext* context, absl::string_view method,
    std::string request_id, Work work) {
  // Authorization runs on the executor too: token checks may consult the
  // revocation store.
  return deps_.runner->Blocking(
      context, [this, context, method = std::string(method),
                request_id = std::move(request_id),
                work = std::move(work)](const CallContext& call) mutable {
        absl::StatusOr<Actor> actor =
            Authorize(*context, method, std::move(request_id));
        if (!actor.ok()) return actor.status();
        return std::move(work)(*actor, call);
      });
}

absl::Status DirectoryHandlers::RunIdempotent(
    const Actor& actor, const CallContext& call, absl::string_view method,
    const google::protobuf::Message& request,
    google::protobuf::Message* response, Change change) {
  sql::TransactionOptions options;
  options.deadline = call.deadline;
  const RecordedCall recorded{.key = {.principal = actor.subject,
                                      .method = FullMethod(method),
                                      .request_id = actor.request_id},
                              .request_digest = RequestDigest(request),
                              .options = options};
  return RunRecorded(*deps_.idempotency, recorded, response, change).status();
}

// Users.

grpc::ServerUnaryReactor* DirectoryHandlers::GetUser(
    grpc::CallbackServerContext* context, const v1::GetUserRequest* request,
    v1::GetUserResponse* response) {
  if (deps_.users_cache != nullptr) {
    return deps_.runner->InlineOrBlocking(
        context,
        [&](const CallContext&) {
          return GetCachedUser(context, *request, *response);
        },
        [this, context, request, response](const CallContext&) {
          return ReadThroughUser(context, *request, *response);
        });
  }
  return Serve(context, "GetUser", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 ASSIGN_OR_RETURN(User user,
                                  deps_.directory->GetUser(actor, request->name()));
                 *response->mutable_user() = ToProto(user);
                 return absl::OkStatus();
               });
}

std::optional<absl::Status> DirectoryHandlers::GetCachedUser(
    grpc::CallbackServerContext* context, const v1::GetUserRequest& request,
    v1::GetUserResponse& response) {
  if (!deps_.users_cache->in_process()) return std::nullopt;
  // Runs on gRPC's thread: authorization is all in memory here, since
  // identity verifies tokens with its own keys and never fetches a JWKS.
  absl::StatusOr<Actor> actor = Authorize(*context, "GetUser", "");
  if (!actor.ok()) return actor.status();
  absl::StatusOr<std::string> id =
      deps_.directory->VisibleUserId(*actor, request.name());
  if (!id.ok()) return id.status();
  std::optional<std::string> cached = deps_.users_cache->Peek(*id);
  if (!cached.has_value()) return std::nullopt;
  if (!response.mutable_user()->ParseFromString(*cached)) {
    return absl::InternalError("a cached user does not parse");
  }
  return absl::OkStatus();
}

absl::Status DirectoryHandlers::ReadThroughUser(
    grpc::CallbackServerContext* context, const v1::GetUserRequest& request,
    v1::GetUserResponse& response) {
  ASSIGN_OR_RETURN(Actor actor, Authorize(*context, "GetUser", ""));
  // Visibility is checked for this caller before the cache: a fill is
  // shared by every reader of the key, whoever asked first.
  ASSIGN_OR_RETURN(std::string id,
                   deps_.directory->VisibleUserId(actor, request.name()));
  auto load = [&]() -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(User user, deps_.directory->ReadUser(id));
    return ToProto(user).SerializeAsString();
  };
  ASSIGN_OR_RETURN(std::string serialized, deps_.users_cache->Get(id, load));
  if (!response.mutable_user()->ParseFromString(serialized)) {
    return absl::InternalError("a cached user does not parse");
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListUsers(
    grpc::CallbackServerContext* context, const v1::ListUsersRequest* request,
    v1::ListUsersResponse* response) {
  return Serve(context, "ListUsers", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 UserFilter filter;
                 filter.email = request->email();
                 filter.state = FromProto(request->state());
                 ASSIGN_OR_RETURN(filter.national_id_lookups,
                                  NationalIdLookups(request->national_id()));
                 ASSIGN_OR_RETURN(
                     Page<User> page,
                     deps_.directory->ListUsers(
                         actor, filter,
                         PageOf(request->page_size(), request->page_token())));
                 for (const User& user : page.items) {
                   *response->add_users() = ToProto(user);
                 }
                 response->set_next_page_token(page.next_page_token);
                 return absl::OkStatus();
               });
}

absl::StatusOr<std::vector<std::string>> DirectoryHandlers::NationalIdLookups(
    absl::string_view national_id) const {
  if (national_id.empty()) return std::vector<std::string>();
  if (deps_.national_ids == nullptr) {
    return FailedPreconditionError("national_id",
                                   "national identifiers are not accepted here");
  }
  absl::StatusOr<std::vector<std::string>> lookups =
      deps_.national_ids->LookupDigests(national_id);
  if (!lookups.ok()) {
    return InvalidArgumentError("national_id",
                                "one or two letters then 5 or 6 digits");
  }
  return lookups;
}

absl::Status DirectoryHandlers::SealNationalId(absl::string_view national_id,
                                               UserUpdate& update) const {
  if (national_id.empty()) return absl::OkStatus();  // removes it
  if (deps_.national_ids == nullptr) {
    return FailedPreconditionError("user.national_id",
                                   "national identifiers are not accepted here");
  }
  absl::StatusOr<std::string> normalized = NormalizeNationalId(national_id);
  if (!normalized.ok()) {
    return InvalidArgumentError("user.national_id",
                                "one or two letters then 5 or 6 digits");
  }
  ASSIGN_OR_RETURN(update.national_id_ciphertext,
                   deps_.national_ids->Encrypt(*normalized));
  update.national_id_masked = MaskNationalId(*normalized);
  ASSIGN_OR_RETURN(update.national_id_lookups,
                   deps_.national_ids->LookupDigests(*normalized));
  update.national_id_lookup = update.national_id_lookups.front();
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* DirectoryHandlers::UpdateUser(
    grpc::CallbackServerContext* context, const v1::UpdateUserRequest* request,
    v1::UpdateUserResponse* response) {
  return Serve(
      context, "UpdateUser", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        const v1::User& in = request->user();
        UserUpdate update;
        update.name = in.name();
        update.update_mask = MaskPaths(request->update_mask());
        update.etag = request->etag();
        update.display_name = in.display_name();
        update.email = in.email();
        update.phone = in.phone();
        update.preferred_language = FromProto(in.preferred_language());
        if (in.has_demographics()) {
          update.demographics = DemographicsInput{
              .gender = FromProto(in.demographics().gender()),
              .birth_year = in.demographics().birth_year(),
              .consent = in.demographics().consent()};
        }
        if (MaskHas(update.update_mask, "national_id")) {
          RETURN_IF_ERROR(SealNationalId(in.national_id(), update));
        }
        ASSIGN_OR_RETURN(User user, deps_.directory->UpdateUser(actor, update));
        *response->mutable_user() = ToProto(user);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DisableUser(
    grpc::CallbackServerContext* context, const v1::DisableUserRequest* request,
    v1::DisableUserResponse* response) {
  return Serve(context, "DisableUser", request->request_id(),
               [this, request, response](const Actor& actor,
                                         const CallContext& call) {
                 std::optional<auth::Revocation> ended;
                 RETURN_IF_ERROR(RunIdempotent(
                     actor, call, "DisableUser", *request, response,
                     [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
                       ended.reset();  // the body may run more than once
                       ASSIGN_OR_RETURN(
                           User user,
                           deps_.directory->DisableUser(
                               tx, actor,
                               NameEtag(request->name(), request->etag())));
                       RETURN_IF_ERROR(EndSessionsOf(
                           tx, user.name(), deps_.clock->Now(), ended));
                       v1::DisableUserResponse out;
                       *out.mutable_user() = ToProto(user);
                       return SameOutcome(out);
                     }));
                 Announce(ended);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::EnableUser(
    grpc::CallbackServerContext* context, const v1::EnableUserRequest* request,
    v1::EnableUserResponse* response) {
  return Serve(context, "EnableUser", request->request_id(),
               [this, request, response](const Actor& actor,
                                         const CallContext& call) {
                 return RunIdempotent(
                     actor, call, "EnableUser", *request, response,
                     [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
                       ASSIGN_OR_RETURN(
                           User user,
                           deps_.directory->EnableUser(
                               tx, actor,
                               NameEtag(request->name(), request->etag())));
                       v1::EnableUserResponse out;
                       *out.mutable_user() = ToProto(user);
                       return SameOutcome(out);
                     });
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteUser(
    grpc::CallbackServerContext* context, const v1::DeleteUserRequest* request,
    v1::DeleteUserResponse* response) {
  return Serve(context, "DeleteUser", "",
               [this, request](const Actor& actor,
                               const CallContext& call) -> absl::Status {
                 sql::TransactionOptions options;
                 options.deadline = call.deadline;
                 std::optional<auth::Revocation> ended;
                 RETURN_IF_ERROR(deps_.db->InTransaction(
                     options, [&](sql::Transaction& sql_tx) -> absl::Status {
                       ended.reset();  // the body may run more than once
                       SqlTransaction tx(sql_tx);
                       ASSIGN_OR_RETURN(
                           User user,
                           deps_.directory->DeleteUser(
                               tx, actor,
                               NameEtag(request->name(), request->etag())));
                       return EndSessionsOf(tx, user.name(),
                                            deps_.clock->Now(), ended);
                     }));
                 Announce(ended);
                 return absl::OkStatus();
               });
}

// Organizations.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateOrganization(
    grpc::CallbackServerContext* context,
    const v1::CreateOrganizationRequest* request,
    v1::CreateOrganizationResponse* response) {
  return Serve(
      context, "CreateOrganization", request->request_id(),
      [this, request, response](const Actor& actor, const CallContext& call) {
        const v1::Organization& in = request->organization();
        const NewOrganization org{.display_name = FromProto(in.display_name()),
                                  .kind = FromProto(in.kind()),
                                  .country = in.country(),
                                  .ice = in.ice(),
                                  .website = in.website()};
        return RunIdempotent(
            actor, call, "CreateOrganization", *request, response,
            [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
              ASSIGN_OR_RETURN(
                  CreatedOrganization created,
                  deps_.directory->CreateOrganization(tx, actor, org));
              v1::CreateOrganizationResponse out;
              *out.mutable_organization() = ToProto(created.organization);
              if (created.owner_member.has_value()) {
                *out.mutable_owner_member() = ToProto(*created.owner_member);
              }
              if (created.founder_role_binding.has_value()) {
                *out.mutable_founder_role_binding() =
                    ToProto(*created.founder_role_binding);
              }
              return SameOutcome(out);
            });
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetOrganization(
    grpc::CallbackServerContext* context,
    const v1::GetOrganizationRequest* request,
    v1::GetOrganizationResponse* response) {
  return Serve(context, "GetOrganization", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 ASSIGN_OR_RETURN(
                     Organization org,
                     deps_.directory->GetOrganization(actor, request->name()));
                 *response->mutable_organization() = ToProto(org);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListOrganizations(
    grpc::CallbackServerContext* context,
    const v1::ListOrganizationsRequest* request,
    v1::ListOrganizationsResponse* response) {
  return Serve(
      context, "ListOrganizations", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        const OrganizationFilter filter{
            .kind = FromProto(request->kind()),
            .country = request->country(),
            .ice = request->ice(),
            .display_name_query = request->display_name_query(),
            .show_deleted = request->show_deleted()};
        ASSIGN_OR_RETURN(
            Page<Organization> page,
            deps_.directory->ListOrganizations(
                actor, filter,
                PageOf(request->page_size(), request->page_token())));
        for (const Organization& org : page.items) {
          *response->add_organizations() = ToProto(org);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::UpdateOrganization(
    grpc::CallbackServerContext* context,
    const v1::UpdateOrganizationRequest* request,
    v1::UpdateOrganizationResponse* response) {
  return Serve(
      context, "UpdateOrganization", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        const v1::Organization& in = request->organization();
        const OrganizationUpdate update{
            .name = in.name(),
            .update_mask = MaskPaths(request->update_mask()),
            .etag = request->etag(),
            .display_name = FromProto(in.display_name()),
            .country = in.country(),
            .ice = in.ice(),
            .website = in.website()};
        ASSIGN_OR_RETURN(Organization org,
                         deps_.directory->UpdateOrganization(actor, update));
        *response->mutable_organization() = ToProto(org);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteOrganization(
    grpc::CallbackServerContext* context,
    const v1::DeleteOrganizationRequest* request,
    v1::DeleteOrganizationResponse* response) {
  return Serve(context, "DeleteOrganization", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 ASSIGN_OR_RETURN(
                     Organization org,
                     deps_.directory->DeleteOrganization(
                         actor, NameEtag(request->name(), request->etag())));
                 *response->mutable_organization() = ToProto(org);
                 return absl::OkStatus();
               });
}

// Members.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateMember(
    grpc::CallbackServerContext* context, const v1::CreateMemberRequest* request,
    v1::CreateMemberResponse* response) {
  return Serve(
      context, "CreateMember", request->request_id(),
      [this, request, response](const Actor& actor, const CallContext& call) {
        const NewMember member{.parent = request->parent(),
                               .user = request->member().user(),
                               .title = request->member().title(),
                               .role = FromProto(request->member().role())};
        return RunIdempotent(
            actor, call, "CreateMember", *request, response,
            [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
              ASSIGN_OR_RETURN(Member created,
                               deps_.directory->CreateMember(tx, actor, member));
              v1::CreateMemberResponse out;
              *out.mutable_member() = ToProto(created);
              return SameOutcome(out);
            });
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetMember(
    grpc::CallbackServerContext* context, const v1::GetMemberRequest* request,
    v1::GetMemberResponse* response) {
  return Serve(context, "GetMember", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 ASSIGN_OR_RETURN(Member member, deps_.directory->GetMember(
                                                     actor, request->name()));
                 *response->mutable_member() = ToProto(member);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListMembers(
    grpc::CallbackServerContext* context, const v1::ListMembersRequest* request,
    v1::ListMembersResponse* response) {
  return Serve(
      context, "ListMembers", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        const MemberListRequest list{
            .parent = request->parent(),
            .user = request->user(),
            .role = FromProto(request->role()),
            .page = PageOf(request->page_size(), request->page_token())};
        ASSIGN_OR_RETURN(Page<Member> page,
                         deps_.directory->ListMembers(actor, list));
        for (const Member& member : page.items) {
          *response->add_members() = ToProto(member);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::UpdateMember(
    grpc::CallbackServerContext* context, const v1::UpdateMemberRequest* request,
    v1::UpdateMemberResponse* response) {
  return Serve(context, "UpdateMember", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 const MemberUpdate update{
                     .name = request->member().name(),
                     .update_mask = MaskPaths(request->update_mask()),
                     .etag = request->etag(),
                     .title = request->member().title(),
                     .role = FromProto(request->member().role())};
                 ASSIGN_OR_RETURN(Member member,
                                  deps_.directory->UpdateMember(actor, update));
                 *response->mutable_member() = ToProto(member);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteMember(
    grpc::CallbackServerContext* context, const v1::DeleteMemberRequest* request,
    v1::DeleteMemberResponse* response) {
  return Serve(context, "DeleteMember", "",
               [this, request](const Actor& actor, const CallContext&) {
                 return deps_.directory->DeleteMember(
                     actor, NameEtag(request->name(), request->etag()));
               });
}

// Service accounts.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::CreateServiceAccountRequest* request,
    v1::CreateServiceAccountResponse* response) {
  return Serve(
      context, "CreateServiceAccount", request->request_id(),
      [this, request, response](const Actor& actor, const CallContext& call) {
        return RunIdempotent(
            actor, call, "CreateServiceAccount", *request, response,
            [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
              // Drawn inside the transaction's body, so a retried attempt
              // stores the hash of the secret it answers.
              const std::string secret = NewClientSecret();
              const NewServiceAccount account{
                  .service_account_id = request->service_account_id(),
                  .display_name = request->service_account().display_name(),
                  .description = request->service_account().description(),
                  .secret_hash = HashClientSecret(secret)};
              ASSIGN_OR_RETURN(
                  ServiceAccount created,
                  deps_.directory->CreateServiceAccount(tx, actor, account));
              v1::CreateServiceAccountResponse out;
              *out.mutable_service_account() = ToProto(created);
              // A repeat answers the account without its secret.
              idempotency::Outcome outcome;
              outcome.replay_response = out.SerializeAsString();
              out.set_client_secret(secret);
              outcome.response = out.SerializeAsString();
              return outcome;
            });
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::GetServiceAccountRequest* request,
    v1::GetServiceAccountResponse* response) {
  return Serve(context, "GetServiceAccount", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 ASSIGN_OR_RETURN(ServiceAccount account,
                                  deps_.directory->GetServiceAccount(
                                      actor, request->name()));
                 *response->mutable_service_account() = ToProto(account);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListServiceAccounts(
    grpc::CallbackServerContext* context,
    const v1::ListServiceAccountsRequest* request,
    v1::ListServiceAccountsResponse* response) {
  return Serve(
      context, "ListServiceAccounts", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        const ServiceAccountFilter filter{.state = FromProto(request->state())};
        ASSIGN_OR_RETURN(
            Page<ServiceAccount> page,
            deps_.directory->ListServiceAccounts(
                actor, filter,
                PageOf(request->page_size(), request->page_token())));
        for (const ServiceAccount& account : page.items) {
          *response->add_service_accounts() = ToProto(account);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::UpdateServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::UpdateServiceAccountRequest* request,
    v1::UpdateServiceAccountResponse* response) {
  return Serve(
      context, "UpdateServiceAccount", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        const v1::ServiceAccount& in = request->service_account();
        const ServiceAccountUpdate update{
            .name = in.name(),
            .update_mask = MaskPaths(request->update_mask()),
            .etag = request->etag(),
            .display_name = in.display_name(),
            .description = in.description()};
        ASSIGN_OR_RETURN(ServiceAccount account,
                         deps_.directory->UpdateServiceAccount(actor, update));
        *response->mutable_service_account() = ToProto(account);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::RotateServiceAccountSecret(
    grpc::CallbackServerContext* context,
    const v1::RotateServiceAccountSecretRequest* request,
    v1::RotateServiceAccountSecretResponse* response) {
  return Serve(
      context, "RotateServiceAccountSecret", request->request_id(),
      [this, request, response](const Actor& actor, const CallContext& call) {
        return RunIdempotent(
            actor, call, "RotateServiceAccountSecret", *request, response,
            [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
              const std::string secret = NewClientSecret();
              const SecretRotation rotation{
                  .name = request->name(),
                  .new_secret_hash = HashClientSecret(secret),
                  .previous_secret_validity =
                      FromProtoDuration(request->previous_secret_validity()),
                  .etag = request->etag()};
              ASSIGN_OR_RETURN(ServiceAccount account,
                               deps_.directory->RotateServiceAccountSecret(
                                   tx, actor, rotation));
              v1::RotateServiceAccountSecretResponse out;
              *out.mutable_service_account() = ToProto(account);
              idempotency::Outcome outcome;
              outcome.replay_response = out.SerializeAsString();
              out.set_client_secret(secret);
              outcome.response = out.SerializeAsString();
              return outcome;
            });
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DisableServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::DisableServiceAccountRequest* request,
    v1::DisableServiceAccountResponse* response) {
  return Serve(
      context, "DisableServiceAccount", request->request_id(),
      [this, request, response](const Actor& actor, const CallContext& call) {
        return RunIdempotent(
            actor, call, "DisableServiceAccount", *request, response,
            [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
              ASSIGN_OR_RETURN(
                  ServiceAccount account,
                  deps_.directory->DisableServiceAccount(
                      tx, actor, NameEtag(request->name(), request->etag())));
              v1::DisableServiceAccountResponse out;
              *out.mutable_service_account() = ToProto(account);
              return SameOutcome(out);
            });
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::EnableServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::EnableServiceAccountRequest* request,
    v1::EnableServiceAccountResponse* response) {
  return Serve(
      context, "EnableServiceAccount", request->request_id(),
      [this, request, response](const Actor& actor, const CallContext& call) {
        return RunIdempotent(
            actor, call, "EnableServiceAccount", *request, response,
            [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
              ASSIGN_OR_RETURN(
                  ServiceAccount account,
                  deps_.directory->EnableServiceAccount(
                      tx, actor, NameEtag(request->name(), request->etag())));
              v1::EnableServiceAccountResponse out;
              *out.mutable_service_account() = ToProto(account);
              return SameOutcome(out);
            });
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::DeleteServiceAccountRequest* request,
    v1::DeleteServiceAccountResponse* response) {
  return Serve(context, "DeleteServiceAccount", "",
               [this, request](const Actor& actor, const CallContext&) {
                 return deps_.directory->DeleteServiceAccount(
                     actor, NameEtag(request->name(), request->etag()));
               });
}

// Role bindings.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateRoleBinding(
    grpc::CallbackServerContext* context,
    const v1::CreateRoleBindingRequest* request,
    v1::CreateRoleBindingResponse* response) {
  return Serve(
      context, "CreateRoleBinding", request->request_id(),
      [this, request, response](const Actor& actor, const CallContext& call) {
        const NewRoleBinding binding{
            .principal = request->role_binding().principal(),
            .role = FromProto(request->role_binding().role()),
            .scope = request->role_binding().scope()};
        return RunIdempotent(
            actor, call, "CreateRoleBinding", *request, response,
            [&](Transaction& tx) -> absl::StatusOr<idempotency::Outcome> {
              ASSIGN_OR_RETURN(
                  RoleBinding created,
                  deps_.directory->CreateRoleBinding(tx, actor, binding));
              v1::CreateRoleBindingResponse out;
              *out.mutable_role_binding() = ToProto(created);
              return SameOutcome(out);
            });
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetRoleBinding(
    grpc::CallbackServerContext* context,
    const v1::GetRoleBindingRequest* request,
    v1::GetRoleBindingResponse* response) {
  return Serve(context, "GetRoleBinding", "",
               [this, request, response](const Actor& actor,
                                         const CallContext&) -> absl::Status {
                 ASSIGN_OR_RETURN(RoleBinding binding,
                                  deps_.directory->GetRoleBinding(
                                      actor, request->name()));
                 *response->mutable_role_binding() = ToProto(binding);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListRoleBindings(
    grpc::CallbackServerContext* context,
    const v1::ListRoleBindingsRequest* request,
    v1::ListRoleBindingsResponse* response) {
  return Serve(
      context, "ListRoleBindings", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        const RoleBindingFilter filter{.principal = request->principal(),
                                       .role = FromProto(request->role()),
                                       .scope = request->scope()};
        ASSIGN_OR_RETURN(
            Page<RoleBinding> page,
            deps_.directory->ListRoleBindings(
                actor, filter,
                PageOf(request->page_size(), request->page_token())));
        for (const RoleBinding& binding : page.items) {
          *response->add_role_bindings() = ToProto(binding);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteRoleBinding(
    grpc::CallbackServerContext* context,
    const v1::DeleteRoleBindingRequest* request,
    v1::DeleteRoleBindingResponse* response) {
  return Serve(context, "DeleteRoleBinding", "",
               [this, request](const Actor& actor, const CallContext&) {
                 return deps_.directory->DeleteRoleBinding(actor,
                                                           request->name());
               });
}

// The audit chain.

absl::Status DirectoryHandlers::CheckAuditReader(const Actor& actor) const {
  // The policy table admits AUDITOR and PLATFORM_ADMIN in any scope; both
  // roles exist only at "*", which is what the chain needs.
  if (actor.HasGlobalRole(Role::kAuditor) || actor.IsPlatformAdmin()) {
    return absl::OkStatus();
  }
  return PermissionDenied("read", "the audit chain");
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListAuditEvents(
    grpc::CallbackServerContext* context,
    const v1::ListAuditEventsRequest* request,
    v1::ListAuditEventsResponse* response) {
  return Serve(
      context, "ListAuditEvents", "",
      [this, request, response](const Actor& actor,
                                const CallContext&) -> absl::Status {
        RETURN_IF_ERROR(CheckAuditReader(actor));
        const std::optional<absl::Time> start =
            request->has_start_time()
                ? std::optional(FromProtoTimestamp(request->start_time()))
                : std::nullopt;
        const std::optional<absl::Time> end =
            request->has_end_time()
                ? std::optional(FromProtoTimestamp(request->end_time()))
                : std::nullopt;
        if (start.has_value() && end.has_value() && *end <= *start) {
          return InvalidArgumentError("end_time", "must be after start_time");
        }
        const std::string filter_key = absl::StrCat(
            "audit|", request->resource(), "|", request->actor(), "|",
            request->action(), "|",
            start ? absl::ToUnixMicros(*start) : 0, "|",
            end ? absl::ToUnixMicros(*end) : 0);
        ASSIGN_OR_RETURN(
            PageQuery query,
            ParsePageRequest(PageOf(request->page_size(), request->page_token()),
                             filter_key));
        audit::AuditFilter filter{.resource = request->resource(),
                                  .actor = request->actor(),
                                  .action = request->action(),
                                  .after_sequence = 0,
                                  .limit = query.limit + 1};
        if (query.after.has_value() &&
            !absl::SimpleAtoi(query.after->key, &filter.after_sequence)) {
          return InvalidPageToken();
        }
        // The chain has no time index: entries outside the time range are
        // skipped batch by batch.
        std::vector<audit::AuditEntry> kept;
        while (static_cast<int>(kept.size()) <= query.limit) {
          ASSIGN_OR_RETURN(std::vector<audit::AuditEntry> batch,
                           audit_log_.List(*deps_.db, filter));
          for (audit::AuditEntry& entry : batch) {
            filter.after_sequence = entry.sequence;
            if (start && entry.event_time < *start) continue;
            if (end && entry.event_time >= *end) continue;
            kept.push_back(std::move(entry));
            if (static_cast<int>(kept.size()) > query.limit) break;
          }
          if (static_cast<int>(batch.size()) < filter.limit) break;
        }
        const bool more = static_cast<int>(kept.size()) > query.limit;
        if (more) kept.resize(query.limit);
        for (const audit::AuditEntry& entry : kept) {
          *response->add_audit_events() = ToProto(entry);
        }
        if (more && !kept.empty()) {
          response->set_next_page_token(MakePageToken(
              PageCursor{kept.back().event_time,
                         absl::StrCat(kept.back().sequence)},
              filter_key));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::VerifyAuditChain(
    grpc::CallbackServerContext* context,
    const v1::VerifyAuditChainRequest* request,
    v1::VerifyAuditChainResponse* response) {
  return Serve(
      context, "VerifyAuditChain", "",
      [this, response](const Actor& actor, const CallContext&) -> absl::Status {
        RETURN_IF_ERROR(CheckAuditReader(actor));
        std::optional<audit::Checkpoint> checkpoint;
        if (!deps_.checkpoint_path.empty()) {
          audit::CheckpointFile file(deps_.checkpoint_path);
          ASSIGN_OR_RETURN(checkpoint, file.Latest());
          if (checkpoint.has_value() &&
              !deps_.checkpoint_public_keys.empty()) {
            RETURN_IF_ERROR(audit::VerifyCheckpointSignature(
                *checkpoint, deps_.checkpoint_public_keys));
          }
        }
        ASSIGN_OR_RETURN(audit::Verification verification,
                         audit_log_.Verify(*deps_.db, checkpoint));
        *response->mutable_verification() = ToProto(verification);
        return absl::OkStatus();
      });
}

void DirectoryHandlers::Announce(
    const std::optional<auth::Revocation>& revocation) const {
  if (!revocation.has_value() || deps_.revocation_channel == nullptr) return;
  // A failed announcement only waits for the replicas' next poll.
  auth::PublishRevocation(*deps_.revocation_channel, *revocation).IgnoreError();
}

}  // namespace masar::identity

#include "services/identity/api/directory_handlers.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/aip/pagination.h"
#include "common/aip/update_mask.h"
#include "common/audit/audit_page.h"
#include "common/audit/checkpoint.h"
#include "common/auth/grpc_authorization.h"
#include "common/crypto/digest.h"
#include "common/idempotency/recorded_call.h"
#include "common/ids/ids.h"
#include "common/status/errors.h"
#include "common/status/status_macros.h"
#include "masar/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/api/proto_mapping.h"
#include "services/identity/credentials/client_secret.h"
#include "services/identity/credentials/national_id.h"
#include "services/identity/domain/errors.h"

namespace masar::identity {
namespace {

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

aip::PageRequest PageOf(int32_t page_size, const std::string& page_token) {
  return aip::PageRequest{.page_size = page_size, .page_token = page_token};
}

NameAndEtag NameEtag(const std::string& name, const std::string& etag) {
  return NameAndEtag{.name = name, .etag = etag};
}

}  // namespace

DirectoryHandlers::DirectoryHandlers(DirectoryHandlersDeps deps)
    : deps_(std::move(deps)),
      scaffold_({.service = v1::IdentityService::service_full_name(),
                 .authorizer = deps_.authorizer,
                 .runner = deps_.runner,
                 .recorder = deps_.idempotency}),
      audit_log_(deps_.clock) {}

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
  return scaffold_.ServeRead(
      context, "GetUser", [this, request, response](const Actor& actor) -> absl::Status {
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
  absl::StatusOr<Actor> actor = scaffold_.Authorize(*context, "GetUser");
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
  ASSIGN_OR_RETURN(Actor actor, scaffold_.Authorize(*context, "GetUser"));
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
  return scaffold_.ServeRead(
      context, "ListUsers", [this, request, response](const Actor& actor) -> absl::Status {
                 UserFilter filter;
                 filter.email = request->email();
                 filter.state = FromProto(request->state());
                 ASSIGN_OR_RETURN(filter.national_id_lookups,
                                  NationalIdLookups(request->national_id()));
                 ASSIGN_OR_RETURN(
                     aip::Page<User> page,
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

grpc::ServerUnaryReactor* DirectoryHandlers::BatchGetPersonCards(
    grpc::CallbackServerContext* context,
    const v1::BatchGetPersonCardsRequest* request,
    v1::BatchGetPersonCardsResponse* response) {
  return scaffold_.ServeRead(
      context, "BatchGetPersonCards",
      [this, request, response](const Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            std::vector<User> users,
            deps_.directory->BatchGetUsers(
                actor, {request->names().begin(), request->names().end()}));
        for (const User& user : users) {
          common::v1::PersonCard* card = response->add_cards();
          card->set_user(user.name());
          card->set_display_name(user.display_name);
          card->set_email(user.email);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::CountDemographics(
    grpc::CallbackServerContext* context,
    const v1::CountDemographicsRequest* request,
    v1::CountDemographicsResponse* response) {
  return scaffold_.ServeRead(
      context, "CountDemographics",
      [this, request, response](const Actor& actor) -> absl::Status {
        ASSIGN_OR_RETURN(
            DemographicsCounts counts,
            deps_.directory->CountDemographics(
                actor, {request->users().begin(), request->users().end()},
                request->reference_year()));
        response->set_total(counts.total);
        for (const auto& [key, count] : counts.counts) {
          v1::DemographicsCount* row = response->add_counts();
          row->set_gender(static_cast<v1::Gender>(key.first));
          row->set_age_band(static_cast<common::v1::AgeBand>(key.second));
          row->set_count(count);
        }
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
  return scaffold_.ServeChange(
      context, "UpdateUser", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::UpdateUserResponse& out) -> absl::Status {
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
        if (aip::MaskHas(update.update_mask, "national_id")) {
          RETURN_IF_ERROR(SealNationalId(in.national_id(), update));
        }
        ASSIGN_OR_RETURN(User user, deps_.directory->UpdateUser(tx, actor, update));
        *out.mutable_user() = ToProto(user);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DisableUser(
    grpc::CallbackServerContext* context, const v1::DisableUserRequest* request,
    v1::DisableUserResponse* response) {
  return scaffold_.ServeChange(
      context, "DisableUser", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DisableUserResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(User user,
                         deps_.directory->DisableUser(
                             tx, actor, NameEtag(request->name(), request->etag())));
        *out.mutable_user() = ToProto(user);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::EnableUser(
    grpc::CallbackServerContext* context, const v1::EnableUserRequest* request,
    v1::EnableUserResponse* response) {
  return scaffold_.ServeChange(
      context, "EnableUser", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::EnableUserResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(User user,
                         deps_.directory->EnableUser(
                             tx, actor, NameEtag(request->name(), request->etag())));
        *out.mutable_user() = ToProto(user);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteUser(
    grpc::CallbackServerContext* context, const v1::DeleteUserRequest* request,
    v1::DeleteUserResponse* response) {
  return scaffold_.ServeChange(
      context, "DeleteUser", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteUserResponse&) -> absl::Status {
        return deps_.directory
            ->DeleteUser(tx, actor, NameEtag(request->name(), request->etag()))
            .status();
      });
}

// Organizations.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateOrganization(
    grpc::CallbackServerContext* context,
    const v1::CreateOrganizationRequest* request,
    v1::CreateOrganizationResponse* response) {
  return scaffold_.ServeChange(
      context, "CreateOrganization", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::CreateOrganizationResponse& out) -> absl::Status {
        const v1::Organization& in = request->organization();
        const NewOrganization org{.display_name = FromProto(in.display_name()),
                                  .kind = FromProto(in.kind()),
                                  .country = in.country(),
                                  .ice = in.ice(),
                                  .website = in.website()};
        ASSIGN_OR_RETURN(
            CreatedOrganization created,
            deps_.directory->CreateOrganization(tx, actor, org));
        *out.mutable_organization() = ToProto(created.organization);
        if (created.owner_member.has_value()) {
          *out.mutable_owner_member() = ToProto(*created.owner_member);
        }
        if (created.founder_role_binding.has_value()) {
          *out.mutable_founder_role_binding() =
              ToProto(*created.founder_role_binding);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetOrganization(
    grpc::CallbackServerContext* context,
    const v1::GetOrganizationRequest* request,
    v1::GetOrganizationResponse* response) {
  return scaffold_.ServeRead(
      context, "GetOrganization", [this, request, response](const Actor& actor) -> absl::Status {
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
  return scaffold_.ServeRead(
      context, "ListOrganizations", [this, request, response](const Actor& actor) -> absl::Status {
        const OrganizationFilter filter{
            .kind = FromProto(request->kind()),
            .country = request->country(),
            .ice = request->ice(),
            .display_name_query = request->display_name_query(),
            .show_deleted = request->show_deleted()};
        ASSIGN_OR_RETURN(
            aip::Page<Organization> page,
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
  return scaffold_.ServeChange(
      context, "UpdateOrganization", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::UpdateOrganizationResponse& out) -> absl::Status {
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
                         deps_.directory->UpdateOrganization(tx, actor, update));
        *out.mutable_organization() = ToProto(org);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteOrganization(
    grpc::CallbackServerContext* context,
    const v1::DeleteOrganizationRequest* request,
    v1::DeleteOrganizationResponse* response) {
  return scaffold_.ServeChange(
      context, "DeleteOrganization", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteOrganizationResponse& out) -> absl::Status {
                 ASSIGN_OR_RETURN(
                     Organization org,
                     deps_.directory->DeleteOrganization(tx, actor, NameEtag(request->name(), request->etag())));
                 *out.mutable_organization() = ToProto(org);
                 return absl::OkStatus();
               });
}

// Members.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateMember(
    grpc::CallbackServerContext* context, const v1::CreateMemberRequest* request,
    v1::CreateMemberResponse* response) {
  return scaffold_.ServeChange(
      context, "CreateMember", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::CreateMemberResponse& out) -> absl::Status {
        const NewMember member{.parent = request->parent(),
                               .user = request->member().user(),
                               .title = request->member().title(),
                               .role = FromProto(request->member().role())};
        ASSIGN_OR_RETURN(Member created,
                         deps_.directory->CreateMember(tx, actor, member));
        *out.mutable_member() = ToProto(created);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetMember(
    grpc::CallbackServerContext* context, const v1::GetMemberRequest* request,
    v1::GetMemberResponse* response) {
  return scaffold_.ServeRead(
      context, "GetMember", [this, request, response](const Actor& actor) -> absl::Status {
                 ASSIGN_OR_RETURN(Member member, deps_.directory->GetMember(
                                                     actor, request->name()));
                 *response->mutable_member() = ToProto(member);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListMembers(
    grpc::CallbackServerContext* context, const v1::ListMembersRequest* request,
    v1::ListMembersResponse* response) {
  return scaffold_.ServeRead(
      context, "ListMembers", [this, request, response](const Actor& actor) -> absl::Status {
        const MemberListRequest list{
            .parent = request->parent(),
            .user = request->user(),
            .role = FromProto(request->role()),
            .page = PageOf(request->page_size(), request->page_token())};
        ASSIGN_OR_RETURN(aip::Page<Member> page,
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
  return scaffold_.ServeChange(
      context, "UpdateMember", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::UpdateMemberResponse& out) -> absl::Status {
                 const MemberUpdate update{
                     .name = request->member().name(),
                     .update_mask = MaskPaths(request->update_mask()),
                     .etag = request->etag(),
                     .title = request->member().title(),
                     .role = FromProto(request->member().role())};
                 ASSIGN_OR_RETURN(Member member,
                                  deps_.directory->UpdateMember(tx, actor, update));
                 *out.mutable_member() = ToProto(member);
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteMember(
    grpc::CallbackServerContext* context, const v1::DeleteMemberRequest* request,
    v1::DeleteMemberResponse* response) {
  return scaffold_.ServeChange(
      context, "DeleteMember", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteMemberResponse& out) -> absl::Status {
                 return deps_.directory->DeleteMember(tx, actor, NameEtag(request->name(), request->etag()));
               });
}

// Service accounts.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::CreateServiceAccountRequest* request,
    v1::CreateServiceAccountResponse* response) {
  return scaffold_.ServeRecorded(
      context, "CreateServiceAccount", *request, response,
      [this, request](Transaction& tx, const Actor& actor)
          -> absl::StatusOr<idempotency::Outcome> {
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
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::GetServiceAccountRequest* request,
    v1::GetServiceAccountResponse* response) {
  return scaffold_.ServeRead(
      context, "GetServiceAccount", [this, request, response](const Actor& actor) -> absl::Status {
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
  return scaffold_.ServeRead(
      context, "ListServiceAccounts", [this, request, response](const Actor& actor) -> absl::Status {
        const ServiceAccountFilter filter{.state = FromProto(request->state())};
        ASSIGN_OR_RETURN(
            aip::Page<ServiceAccount> page,
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
  return scaffold_.ServeChange(
      context, "UpdateServiceAccount", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::UpdateServiceAccountResponse& out) -> absl::Status {
        const v1::ServiceAccount& in = request->service_account();
        const ServiceAccountUpdate update{
            .name = in.name(),
            .update_mask = MaskPaths(request->update_mask()),
            .etag = request->etag(),
            .display_name = in.display_name(),
            .description = in.description()};
        ASSIGN_OR_RETURN(ServiceAccount account,
                         deps_.directory->UpdateServiceAccount(tx, actor, update));
        *out.mutable_service_account() = ToProto(account);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::RotateServiceAccountSecret(
    grpc::CallbackServerContext* context,
    const v1::RotateServiceAccountSecretRequest* request,
    v1::RotateServiceAccountSecretResponse* response) {
  return scaffold_.ServeRecorded(
      context, "RotateServiceAccountSecret", *request, response,
      [this, request](Transaction& tx, const Actor& actor)
          -> absl::StatusOr<idempotency::Outcome> {
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
}

grpc::ServerUnaryReactor* DirectoryHandlers::DisableServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::DisableServiceAccountRequest* request,
    v1::DisableServiceAccountResponse* response) {
  return scaffold_.ServeChange(
      context, "DisableServiceAccount", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DisableServiceAccountResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            ServiceAccount account,
            deps_.directory->DisableServiceAccount(
                tx, actor, NameEtag(request->name(), request->etag())));
        *out.mutable_service_account() = ToProto(account);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::EnableServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::EnableServiceAccountRequest* request,
    v1::EnableServiceAccountResponse* response) {
  return scaffold_.ServeChange(
      context, "EnableServiceAccount", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::EnableServiceAccountResponse& out) -> absl::Status {
        ASSIGN_OR_RETURN(
            ServiceAccount account,
            deps_.directory->EnableServiceAccount(
                tx, actor, NameEtag(request->name(), request->etag())));
        *out.mutable_service_account() = ToProto(account);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::DeleteServiceAccount(
    grpc::CallbackServerContext* context,
    const v1::DeleteServiceAccountRequest* request,
    v1::DeleteServiceAccountResponse* response) {
  return scaffold_.ServeChange(
      context, "DeleteServiceAccount", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteServiceAccountResponse& out) -> absl::Status {
                 return deps_.directory->DeleteServiceAccount(tx, actor, NameEtag(request->name(), request->etag()));
               });
}

// Role bindings.

grpc::ServerUnaryReactor* DirectoryHandlers::CreateRoleBinding(
    grpc::CallbackServerContext* context,
    const v1::CreateRoleBindingRequest* request,
    v1::CreateRoleBindingResponse* response) {
  return scaffold_.ServeChange(
      context, "CreateRoleBinding", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::CreateRoleBindingResponse& out) -> absl::Status {
        const NewRoleBinding binding{
            .principal = request->role_binding().principal(),
            .role = FromProto(request->role_binding().role()),
            .scope = request->role_binding().scope()};
        ASSIGN_OR_RETURN(
            RoleBinding created,
            deps_.directory->CreateRoleBinding(tx, actor, binding));
        *out.mutable_role_binding() = ToProto(created);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::GetRoleBinding(
    grpc::CallbackServerContext* context,
    const v1::GetRoleBindingRequest* request,
    v1::GetRoleBindingResponse* response) {
  return scaffold_.ServeRead(
      context, "GetRoleBinding", [this, request, response](const Actor& actor) -> absl::Status {
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
  return scaffold_.ServeRead(
      context, "ListRoleBindings", [this, request, response](const Actor& actor) -> absl::Status {
        const RoleBindingFilter filter{.principal = request->principal(),
                                       .role = FromProto(request->role()),
                                       .scope = request->scope()};
        ASSIGN_OR_RETURN(
            aip::Page<RoleBinding> page,
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
  return scaffold_.ServeChange(
      context, "DeleteRoleBinding", request, response,
      [this, request](Transaction& tx, const Actor& actor,
                      v1::DeleteRoleBindingResponse& out) -> absl::Status {
                 return deps_.directory->DeleteRoleBinding(tx, actor,
                                                           request->name());
               });
}

// The audit chain.

absl::Status DirectoryHandlers::CheckAuditReader(const Actor& actor) const {
  // The policy table admits AUDITOR and PLATFORM_ADMIN in any scope; both
  // roles exist only at "*", which is what the chain needs.
  if (actor.HasGlobalRole(auth::Role::kAuditor) || actor.IsPlatformAdmin()) {
    return absl::OkStatus();
  }
  return PermissionDenied("read", "the audit chain");
}

grpc::ServerUnaryReactor* DirectoryHandlers::ListAuditEvents(
    grpc::CallbackServerContext* context,
    const v1::ListAuditEventsRequest* request,
    v1::ListAuditEventsResponse* response) {
  return scaffold_.ServeRead(
      context, "ListAuditEvents", [this, request, response](const Actor& actor) -> absl::Status {
        RETURN_IF_ERROR(CheckAuditReader(actor));
        const auto time_of = [](bool has, const google::protobuf::Timestamp& t) {
          return has ? std::optional(FromProtoTimestamp(t)) : std::nullopt;
        };
        const audit::AuditFilter filter{
            .resource = request->resource(),
            .actor = request->actor(),
            .action = request->action(),
            .start_time =
                time_of(request->has_start_time(), request->start_time()),
            .end_time = time_of(request->has_end_time(), request->end_time()),
            .after_sequence = request->after_sequence()};
        ASSIGN_OR_RETURN(
            aip::Page<audit::AuditEntry> page,
            audit::ListAuditPage(
                audit_log_, *deps_.db, filter,
                PageOf(request->page_size(), request->page_token())));
        for (const audit::AuditEntry& entry : page.items) {
          *response->add_audit_events() = ToProto(entry);
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* DirectoryHandlers::VerifyAuditChain(
    grpc::CallbackServerContext* context,
    const v1::VerifyAuditChainRequest* request,
    v1::VerifyAuditChainResponse* response) {
  return scaffold_.ServeRead(
      context, "VerifyAuditChain", [this, response](const Actor& actor) -> absl::Status {
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

}  // namespace masar::identity

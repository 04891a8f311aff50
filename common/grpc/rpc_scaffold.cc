#include "common/grpc/rpc_scaffold.h"

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/auth/grpc_authorization.h"

namespace masar {
namespace {

// The request's request_id field, when its message has one (creates and
// custom methods, DESIGN section 3); empty otherwise.
std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

}  // namespace

std::string RpcScaffold::FullMethod(absl::string_view method) const {
  return absl::StrCat("/", options_.service, "/", method);
}

absl::StatusOr<auth::Caller> RpcScaffold::Authorize(
    const grpc::ServerContextBase& context, absl::string_view method,
    std::string request_id) const {
  ASSIGN_OR_RETURN(std::shared_ptr<const auth::Principal> principal,
                   auth::AuthorizeGrpcCall(context, FullMethod(method),
                                           *options_.authorizer));
  if (principal == nullptr) return auth::Caller();
  return auth::Caller(*principal, std::move(request_id));
}

grpc::ServerUnaryReactor* RpcScaffold::ServeRead(
    grpc::CallbackServerContext* context, absl::string_view method,
    Read read) {
  return ServeRead(context, method,
                   PeerRead([read = std::move(read)](
                                const auth::Caller& caller,
                                const CallMetadata&) mutable {
                     return std::move(read)(caller);
                   }));
}

grpc::ServerUnaryReactor* RpcScaffold::ServeRead(
    grpc::CallbackServerContext* context, absl::string_view method,
    PeerRead read) {
  return ServeContinued(
      context, method,
      [read = std::move(read)](const auth::Caller& caller,
                               UnaryCallRunner::PendingCall call) mutable {
        const absl::Status status =
            std::move(read)(caller, OutgoingMetadata(call.call_context()));
        std::move(call).Finish(status);
      });
}

grpc::ServerUnaryReactor* RpcScaffold::ServeFeed(
    grpc::CallbackServerContext* context, absl::string_view method,
    FeedRead read) {
  return options_.runner->InlineOrBlocking(
      context,
      [&](const CallContext&) -> std::optional<absl::Status> {
        absl::Status authorized = Authorize(*context, method).status();
        if (!authorized.ok()) return authorized;
        return std::nullopt;
      },
      [read = std::move(read)](const CallContext&) mutable {
        return std::move(read)();
      });
}

grpc::ServerUnaryReactor* RpcScaffold::ServeContinued(
    grpc::CallbackServerContext* context, absl::string_view method,
    Steps first) {
  return options_.runner->Continued(
      context, [this, context, method = std::string(method),
                first = std::move(first)](
                   UnaryCallRunner::PendingCall call) mutable {
        absl::StatusOr<auth::Caller> caller = Authorize(*context, method);
        if (!caller.ok()) {
          std::move(call).Finish(caller.status());
          return;
        }
        std::move(first)(*caller, std::move(call));
      });
}

grpc::ServerUnaryReactor* RpcScaffold::ServeRecorded(
    grpc::CallbackServerContext* context, absl::string_view method,
    const google::protobuf::Message& request,
    google::protobuf::Message* response, Change change,
    RequestRecording recording) {
  return ServeRecordedSteps(
      context, method, request, response, std::move(recording),
      [change = std::move(change)](const auth::Caller& caller, Record record,
                                   UnaryCallRunner::PendingCall call) mutable {
        std::move(call).Finish(
            record.Run([&](Transaction& tx) { return change(tx, caller); })
                .status());
      });
}

grpc::ServerUnaryReactor* RpcScaffold::ServePrepared(
    grpc::CallbackServerContext* context, absl::string_view method,
    const google::protobuf::Message& request,
    google::protobuf::Message* response, RequestRecording recording,
    Prepare prepare, Change change) {
  return ServeRecordedSteps(
      context, method, request, response, std::move(recording),
      [prepare = std::move(prepare), change = std::move(change)](
          const auth::Caller& caller, Record record,
          UnaryCallRunner::PendingCall call) mutable {
        absl::StatusOr<bool> repeat = record.Replay();
        if (!repeat.ok() || *repeat) {
          std::move(call).Finish(repeat.status());
          return;
        }
        const absl::Status prepared =
            prepare(caller, OutgoingMetadata(call.call_context()));
        if (!prepared.ok()) {
          std::move(call).Finish(prepared);
          return;
        }
        std::move(call).Finish(
            record.Run([&](Transaction& tx) { return change(tx, caller); })
                .status());
      });
}

grpc::ServerUnaryReactor* RpcScaffold::ServeRecordedSteps(
    grpc::CallbackServerContext* context, absl::string_view method,
    const google::protobuf::Message& request,
    google::protobuf::Message* response, RequestRecording recording,
    RecordedSteps first) {
  return options_.runner->Continued(
      context, [this, context, method = std::string(method), &request,
                response, recording = std::move(recording),
                first = std::move(first)](
                   UnaryCallRunner::PendingCall call) mutable {
        absl::StatusOr<auth::Caller> caller =
            Authorize(*context, method, RequestIdOf(request));
        if (!caller.ok()) {
          std::move(call).Finish(caller.status());
          return;
        }
        Record record(options_.recorder,
                      RecordedCallOf(*caller, method, request, recording,
                                     call.call_context().deadline),
                      response);
        std::move(first)(*caller, std::move(record), std::move(call));
      });
}

idempotency::RecordedCall RpcScaffold::RecordedCallOf(
    const auth::Caller& caller, absl::string_view method,
    const google::protobuf::Message& request,
    const RequestRecording& recording, absl::Time deadline) const {
  sql::TransactionOptions options;
  options.deadline = deadline;
  return idempotency::RecordedCall{
      .key = {.principal = recording.principal.empty() ? caller.subject()
                                                       : recording.principal,
              .method = FullMethod(method),
              .request_id = RequestIdOf(request)},
      .request_digest =
          idempotency::RequestDigest(request, recording.undigested),
      .options = options};
}

absl::StatusOr<bool> RpcScaffold::Record::Replay() const {
  return idempotency::ReplayRecorded(*recorder_, call_, response_);
}

absl::StatusOr<bool> RpcScaffold::Record::Run(
    idempotency::RecordedChange change) const {
  return idempotency::RunRecorded(*recorder_, call_, response_, change);
}

}  // namespace masar

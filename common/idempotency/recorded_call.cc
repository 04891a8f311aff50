#include "common/idempotency/recorded_call.h"

#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "common/crypto/digest.h"
#include "common/sql/sql_unit_of_work.h"
#include "common/status/status_macros.h"

namespace masar::idempotency {
namespace {

// Clears the field at `path` ("a.b.c") in `message`, when there is one.
void ClearPath(google::protobuf::Message& message, absl::string_view path) {
  google::protobuf::Message* at = &message;
  std::vector<absl::string_view> names = absl::StrSplit(path, '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const google::protobuf::FieldDescriptor* field =
        at->GetDescriptor()->FindFieldByName(std::string(names[i]));
    if (field == nullptr) return;
    const google::protobuf::Reflection* reflection = at->GetReflection();
    if (i + 1 == names.size()) {
      reflection->ClearField(at, field);
      return;
    }
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE ||
        field->is_repeated() || !reflection->HasField(*at, field)) {
      return;
    }
    at = reflection->MutableMessage(at, field);
  }
}

absl::Status ParseAnswer(const std::string& answer,
                         google::protobuf::Message* response) {
  if (!response->ParseFromString(answer)) {
    return absl::InternalError("a recorded response does not parse");
  }
  return absl::OkStatus();
}

}  // namespace

std::string RequestDigest(const google::protobuf::Message& request,
                          absl::Span<const std::string> undigested) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  ClearPath(*copy, "request_id");
  for (absl::string_view path : undigested) ClearPath(*copy, path);
  std::string bytes;
  copy->SerializeToString(&bytes);
  return crypto::Sha256Hex(bytes);
}

Outcome SameOutcome(const google::protobuf::Message& response) {
  std::string bytes = response.SerializeAsString();
  return Outcome{bytes, bytes};
}

absl::StatusOr<bool> RunRecorded(IdempotentRunner& runner,
                                 const RecordedCall& call,
                                 google::protobuf::Message* response,
                                 RecordedChange change) {
  bool ran = false;
  ASSIGN_OR_RETURN(
      std::string answer,
      runner.Run(call.key, call.request_digest, call.options,
                 [&](sql::Transaction& sql_tx)
                     -> absl::StatusOr<Outcome> {
                   sql_tx.AfterCommit([&ran] { ran = true; });
                   sql::SqlTransaction tx(sql_tx);
                   return change(tx);
                 }));
  RETURN_IF_ERROR(ParseAnswer(answer, response));
  return ran;
}

absl::StatusOr<bool> ReplayRecorded(IdempotentRunner& runner,
                                    const RecordedCall& call,
                                    google::protobuf::Message* response) {
  if (call.key.request_id.empty()) return false;
  bool recorded = true;
  // The runner answers a recorded call without running the change; here
  // the change only notes that there was none and rolls back.
  absl::StatusOr<std::string> answer = runner.Run(
      call.key, call.request_digest, call.options,
      [&](sql::Transaction&) -> absl::StatusOr<Outcome> {
        recorded = false;
        return absl::CancelledError("no record: the call is not a repeat");
      });
  if (!recorded) return false;
  if (!answer.ok()) return answer.status();
  RETURN_IF_ERROR(ParseAnswer(*answer, response));
  return true;
}

}  // namespace masar::idempotency

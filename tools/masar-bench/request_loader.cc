#include "tools/masar-bench/request_loader.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace masar::bench {
namespace {

namespace pb = ::google::protobuf;

absl::Status FlagError(absl::string_view flag, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", message));
}

absl::StatusOr<const pb::MethodDescriptor*> FindMethod(absl::string_view path) {
  const size_t slash = path.rfind('/');
  if (!absl::StartsWith(path, "/") || slash == 0 ||
      slash == absl::string_view::npos || slash + 1 == path.size()) {
    return FlagError(
        "method",
        absl::StrCat("\"", path, "\" is not /package.Service/Method"));
  }
  const std::string full_name =
      absl::StrCat(path.substr(1, slash - 1), ".", path.substr(slash + 1));
  const pb::MethodDescriptor* method =
      pb::DescriptorPool::generated_pool()->FindMethodByName(full_name);
  if (method == nullptr) {
    return FlagError("method", absl::StrCat("unknown method ", path,
                                            " (not among masar's protos)"));
  }
  if (method->client_streaming() || method->server_streaming()) {
    return FlagError("method", absl::StrCat(path, " is not unary"));
  }
  return method;
}

absl::StatusOr<RequestFormat> ResolveFormat(const std::string& path,
                                            RequestFormat format) {
  if (format != RequestFormat::kByExtension) return format;
  if (absl::EndsWith(path, ".json")) return RequestFormat::kJson;
  if (absl::EndsWith(path, ".binpb") || absl::EndsWith(path, ".pb") ||
      absl::EndsWith(path, ".bin")) {
    return RequestFormat::kBinary;
  }
  return FlagError("request-format",
                   absl::StrCat("cannot tell the format of ", path,
                                " by its extension (.json, .binpb); pass "
                                "--request-format=json|binary"));
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return FlagError("request", absl::StrCat("cannot read ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// True when `message` or a message inside it holds fields its type does not
// declare: the mark of binary data written for another type.
bool HasUnknownFields(const pb::Message& message) {
  const pb::Reflection* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty()) return true;
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      if (HasUnknownFields(reflection->GetMessage(message, field))) return true;
      continue;
    }
    for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
      if (HasUnknownFields(reflection->GetRepeatedMessage(message, field, i))) {
        return true;
      }
    }
  }
  return false;
}

absl::Status ParseInto(const std::string& contents, RequestFormat format,
                       const std::string& path, pb::Message& message) {
  const std::string type = message.GetDescriptor()->full_name();
  if (format == RequestFormat::kJson) {
    const auto status = pb::util::JsonStringToMessage(contents, &message);
    if (!status.ok()) {
      return FlagError("request", absl::StrCat(path, " is not a JSON ", type,
                                               ": ", status.ToString()));
    }
    return absl::OkStatus();
  }
  if (!message.ParseFromString(contents)) {
    return FlagError("request", absl::StrCat(path, " is not a binary ", type));
  }
  if (HasUnknownFields(message)) {
    return FlagError("request",
                     absl::StrCat(path, " has fields that ", type,
                                  " does not declare: written for another "
                                  "type?"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LoadedRequest> LoadRequest(absl::string_view method,
                                          const std::string& path,
                                          RequestFormat format) {
  ASSIGN_OR_RETURN(const pb::MethodDescriptor* descriptor, FindMethod(method));
  ASSIGN_OR_RETURN(const RequestFormat resolved, ResolveFormat(path, format));
  ASSIGN_OR_RETURN(const std::string contents, ReadFile(path));
  const pb::Message* prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(
          descriptor->input_type());
  std::unique_ptr<pb::Message> message(prototype->New());
  RETURN_IF_ERROR(ParseInto(contents, resolved, path, *message));
  LoadedRequest request;
  request.method_path = std::string(method);
  request.input_type = descriptor->input_type()->full_name();
  request.bytes = message->SerializeAsString();
  return request;
}

}  // namespace masar::bench

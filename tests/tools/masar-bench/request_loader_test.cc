#include "tools/masar-bench/request_loader.h"

#include <string>

#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "masar/bench/v1/echo_baseline.pb.h"
#include "masar/identity/v1/identity_service.pb.h"
#include "tests/testing/scoped_temp_dir.h"
#include "tools/masar-bench/baseline_request.h"

namespace masar::bench {
namespace {

using ::masar::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kGetUser[] = "/masar.identity.v1.IdentityService/GetUser";

// Request files of one test, removed after it.
class RequestLoaderTest : public ::testing::Test {
 protected:
  std::string WriteFile(const std::string& name, const std::string& contents) {
    return dir_.Write(name, contents);
  }

 private:
  ::masar::testing::ScopedTempDir dir_{"masar-bench-test"};
};

TEST_F(RequestLoaderTest, LoadsJsonForAMasarMethod) {
  const std::string path = WriteFile("get_user.json", R"({"name": "users/7"})");
  absl::StatusOr<LoadedRequest> request =
      LoadRequest(kGetUser, path, RequestFormat::kByExtension);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->method_path, kGetUser);
  EXPECT_EQ(request->input_type, "masar.identity.v1.GetUserRequest");
  identity::v1::GetUserRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(request->bytes));
  EXPECT_EQ(parsed.name(), "users/7");
}

TEST_F(RequestLoaderTest, LoadsBinary) {
  identity::v1::GetUserRequest message;
  message.set_name("users/8");
  const std::string path =
      WriteFile("get_user.binpb", message.SerializeAsString());
  absl::StatusOr<LoadedRequest> request =
      LoadRequest(kGetUser, path, RequestFormat::kByExtension);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->bytes, message.SerializeAsString());
}

TEST_F(RequestLoaderTest, FormatFlagOverridesTheExtension) {
  const std::string path = WriteFile("get_user.txt", R"({"name": "users/9"})");
  EXPECT_THAT(LoadRequest(kGetUser, path, RequestFormat::kByExtension),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--request-format")));
  EXPECT_TRUE(LoadRequest(kGetUser, path, RequestFormat::kJson).ok());
}

TEST_F(RequestLoaderTest, UnknownMethodNamesTheFlag) {
  const std::string path = WriteFile("any.json", "{}");
  EXPECT_THAT(
      LoadRequest("/masar.identity.v1.IdentityService/Nope", path,
                  RequestFormat::kJson),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("--method"), HasSubstr("unknown method"))));
  EXPECT_THAT(
      LoadRequest("GetUser", path, RequestFormat::kJson),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--method")));
}

TEST_F(RequestLoaderTest, MalformedOrMissingFileNamesTheFlag) {
  const std::string path = WriteFile("broken.json", R"({"name": )");
  EXPECT_THAT(LoadRequest(kGetUser, path, RequestFormat::kJson),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--request"),
                             HasSubstr("masar.identity.v1.GetUserRequest"))));
  const std::string garbage = WriteFile("broken.binpb", "\xff\xff\xff");
  EXPECT_THAT(
      LoadRequest(kGetUser, garbage, RequestFormat::kBinary),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--request")));
  EXPECT_THAT(
      LoadRequest(kGetUser, "/nonexistent/x.json", RequestFormat::kJson),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--request: cannot read")));
}

TEST_F(RequestLoaderTest, RequestOfAnotherTypeIsRefused) {
  const std::string json = WriteFile("list.json", R"({"pageSize": 5})");
  EXPECT_THAT(
      LoadRequest(kGetUser, json, RequestFormat::kJson),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--request")));
  identity::v1::ListUsersRequest other;
  other.set_page_size(5);
  const std::string binary = WriteFile("list.binpb", other.SerializeAsString());
  EXPECT_THAT(
      LoadRequest(kGetUser, binary, RequestFormat::kBinary),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("--request"), HasSubstr("does not declare"))));
}

TEST(BaselineRequestTest, MatchesTheTargetsSizes) {
  for (size_t request_bytes : {4u, 13u, 130u, 200u, 5000u}) {
    for (size_t response_bytes : {0u, 2u, 13u, 300u}) {
      const std::string bytes =
          MakeBaselineRequest(request_bytes, response_bytes);
      EXPECT_LE(bytes.size(), request_bytes);
      EXPECT_GE(bytes.size() + 2, request_bytes);
      v1::EchoRequest parsed;
      ASSERT_TRUE(parsed.ParseFromString(bytes));
      v1::EchoResponse response;
      response.mutable_payload()->assign(parsed.response_payload_bytes(), '\0');
      EXPECT_LE(response.ByteSizeLong(), response_bytes);
      EXPECT_GE(response.ByteSizeLong() + 2, response_bytes);
    }
  }
}

}  // namespace
}  // namespace masar::bench

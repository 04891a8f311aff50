#ifndef MASAR_TESTS_SERVICES_POLICIES_POLICY_TEST_SUPPORT_H_
#define MASAR_TESTS_SERVICES_POLICIES_POLICY_TEST_SUPPORT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/claims.h"
#include "common/auth/policy_table.h"
#include "common/auth/principal.h"
#include "common/testing/status_matchers.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace masar::policy_testing {

// The service as the generated pool knows it. The caller first touches a
// message of the service's file (`GetUserRequest::descriptor()`): that keeps
// the file's generated code in the link, whose initializer registers it.
inline const google::protobuf::ServiceDescriptor* FindService(
    const char* full_name) {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      full_name);
}

// Every method of `service`, named as gRPC names it
// ("/masar.identity.v1.IdentityService/GetUser").
inline std::vector<std::string> GrpcMethods(
    const google::protobuf::ServiceDescriptor& service) {
  std::vector<std::string> methods;
  for (int i = 0; i < service.method_count(); ++i) {
    methods.push_back(
        auth::GrpcMethodName(service.full_name(), service.method(i)->name()));
  }
  return methods;
}

// The short names of `entries` that are not methods of `service`.
inline std::vector<std::string> UnknownEntries(
    const google::protobuf::ServiceDescriptor& service,
    const std::vector<auth::PolicyTable::Entry>& entries) {
  std::vector<std::string> unknown;
  for (const auto& [method, access] : entries) {
    if (service.FindMethodByName(method) == nullptr) unknown.push_back(method);
  }
  return unknown;
}

// The short names of the methods of `service` that `table` calls public.
inline std::vector<std::string> PublicMethods(
    const google::protobuf::ServiceDescriptor& service,
    const auth::PolicyTable& table) {
  std::vector<std::string> public_methods;
  for (int i = 0; i < service.method_count(); ++i) {
    const std::string& name = service.method(i)->name();
    if (table.IsPublic(auth::GrpcMethodName(service.full_name(), name))) {
      public_methods.push_back(name);
    }
  }
  return public_methods;
}

// A principal `subject` holding `roles` ("PLATFORM_ADMIN@*",
// "FOUNDER@organizations/o1"), as a verified token gives it.
inline auth::Principal PrincipalWith(std::string subject,
                                     std::vector<std::string> roles) {
  auth::Claims claims;
  claims.subject = std::move(subject);
  claims.roles = std::move(roles);
  absl::StatusOr<auth::Principal> principal =
      auth::Principal::FromClaims(claims);
  EXPECT_TRUE(principal.ok()) << principal.status();
  return *std::move(principal);
}

inline auth::Principal UserWith(std::vector<std::string> roles) {
  return PrincipalWith("users/u1", std::move(roles));
}

inline auth::Principal ServiceAccountWith(std::vector<std::string> roles) {
  return PrincipalWith("serviceAccounts/sa1", std::move(roles));
}

// One service's policy table, checked by short method name ("GetUser"): what
// each per-service test asks.
class ServicePolicy {
 public:
  ServicePolicy(absl::StatusOr<auth::PolicyTable> table, std::string service)
      : service_(std::move(service)) {
    EXPECT_TRUE(table.ok()) << table.status();
    if (table.ok()) table_.emplace(*std::move(table));
  }

  // The check of `method` for `principal` (null: no token).
  absl::Status Check(const char* method,
                     const auth::Principal* principal) const {
    if (!table_.has_value()) return absl::InternalError("no policy table");
    return table_->Check(auth::GrpcMethodName(service_, method), principal);
  }

 private:
  std::string service_;
  std::optional<auth::PolicyTable> table_;
};

}  // namespace masar::policy_testing

#endif  // MASAR_TESTS_SERVICES_POLICIES_POLICY_TEST_SUPPORT_H_

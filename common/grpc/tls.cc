#include "common/grpc/tls.h"

#include <fstream>

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"

namespace masar {
namespace {

// The flag's file exists and holds a PEM block; gRPC itself would only log
// a failed read and refuse every handshake.
absl::Status CheckPemFile(absl::string_view flag, const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return InvalidArgumentError(flag, absl::StrCat("cannot read ", path));
  }
  if (text.find("-----BEGIN ") == std::string::npos) {
    return InvalidArgumentError(
        flag, absl::StrCat(path, " is missing or holds no PEM block"));
  }
  return absl::OkStatus();
}

absl::Status CheckIdentityPair(const TlsFiles& files) {
  if (files.cert_file.empty() != files.key_file.empty()) {
    return InvalidArgumentError(files.cert_file.empty() ? "--tls-cert"
                                                        : "--tls-key",
                                "--tls-cert and --tls-key go together");
  }
  if (files.cert_file.empty()) return absl::OkStatus();
  if (absl::Status s = CheckPemFile("--tls-cert", files.cert_file); !s.ok()) {
    return s;
  }
  return CheckPemFile("--tls-key", files.key_file);
}

unsigned int RefreshSeconds(const TlsFiles& files) {
  return static_cast<unsigned int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(files.refresh_interval)));
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerTlsCredentials(
    const TlsFiles& files) {
  if (absl::Status s = CheckIdentityPair(files); !s.ok()) return s;
  if (files.cert_file.empty()) {
    if (!files.client_ca_file.empty()) {
      return InvalidArgumentError(
          "--tls-ca", "requiring client certificates needs --tls-cert");
    }
    return grpc::InsecureServerCredentials();
  }
  if (!files.client_ca_file.empty()) {
    if (absl::Status s = CheckPemFile("--tls-ca", files.client_ca_file);
        !s.ok()) {
      return s;
    }
  }
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          files.key_file, files.cert_file, files.client_ca_file,
          RefreshSeconds(files));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!files.client_ca_file.empty()) {
    options.watch_root_certs();
    options.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> PeerTlsCredentials(
    const TlsFiles& files) {
  if (files.peer_ca_file.empty()) return grpc::InsecureChannelCredentials();
  if (absl::Status s = CheckPemFile("--peer-tls-ca", files.peer_ca_file);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckIdentityPair(files); !s.ok()) return s;
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          files.key_file, files.cert_file, files.peer_ca_file,
          RefreshSeconds(files));
  grpc::experimental::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(provider);
  options.watch_root_certs();
  if (!files.cert_file.empty()) options.watch_identity_key_cert_pairs();
  options.set_verify_server_certs(true);
  return grpc::experimental::TlsCredentials(options);
}

}  // namespace masar

#include "common/audit/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "nlohmann/json.hpp"

namespace masar::audit {
namespace {

absl::StatusOr<std::string> FromHex(const nlohmann::json& json,
                                    const char* key) {
  if (!json.contains(key) || !json[key].is_string()) {
    return absl::DataLossError(absl::StrCat("checkpoint without ", key));
  }
  const std::string hex = json[key].get<std::string>();
  std::string bytes = absl::HexStringToBytes(hex);
  if (crypto::ToHex(bytes) != hex) {
    return absl::DataLossError(absl::StrCat("checkpoint ", key, " is not hex"));
  }
  return bytes;
}

}  // namespace

std::string Checkpoint::SignedBytes() const {
  return crypto::DigestBuilder()
      .Add("masar-audit-checkpoint-v1")
      .Add(service)
      .Add(sequence)
      .Add(digest)
      .Add(absl::ToUnixMicros(time))
      .Sha256Hex();
}

std::string Checkpoint::ToJson() const {
  nlohmann::ordered_json json;
  json["service"] = service;
  json["sequence"] = sequence;
  json["digest"] = digest;
  json["time_unix_micros"] = absl::ToUnixMicros(time);
  json["public_key"] = crypto::ToHex(public_key);
  json["signature"] = crypto::ToHex(signature);
  return json.dump();
}

absl::StatusOr<Checkpoint> Checkpoint::FromJson(absl::string_view line) {
  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::DataLossError("a checkpoint line is not JSON");
  }
  Checkpoint c;
  try {
    c.service = json.at("service").get<std::string>();
    c.sequence = json.at("sequence").get<int64_t>();
    c.digest = json.at("digest").get<std::string>();
    c.time = absl::FromUnixMicros(json.at("time_unix_micros").get<int64_t>());
  } catch (const nlohmann::json::exception&) {
    return absl::DataLossError("a checkpoint line misses a field");
  }
  absl::StatusOr<std::string> key = FromHex(json, "public_key");
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> signature = FromHex(json, "signature");
  if (!signature.ok()) return signature.status();
  c.public_key = *std::move(key);
  c.signature = *std::move(signature);
  return c;
}

Checkpoint SignCheckpoint(const crypto::Ed25519KeyPair& key,
                          absl::string_view service, int64_t sequence,
                          absl::string_view digest, absl::Time time) {
  Checkpoint c;
  c.service = std::string(service);
  c.sequence = sequence;
  c.digest = std::string(digest);
  c.time = absl::FromUnixMicros(absl::ToUnixMicros(time));
  c.public_key = key.public_key();
  c.signature = key.Sign(c.SignedBytes());
  return c;
}

absl::Status VerifyCheckpointSignature(const Checkpoint& checkpoint,
                                       absl::string_view trusted_public_key) {
  if (!crypto::ConstantTimeEquals(checkpoint.public_key, trusted_public_key) ||
      !crypto::Ed25519Verify(trusted_public_key, checkpoint.SignedBytes(),
                             checkpoint.signature)) {
    return absl::DataLossError(
        "the audit checkpoint is not signed by the trusted key");
  }
  return absl::OkStatus();
}

absl::Status VerifyCheckpointSignature(
    const Checkpoint& checkpoint,
    const std::vector<std::string>& trusted_public_keys) {
  for (const std::string& trusted : trusted_public_keys) {
    if (VerifyCheckpointSignature(checkpoint, trusted).ok()) {
      return absl::OkStatus();
    }
  }
  return absl::DataLossError(
      "the audit checkpoint is not signed by a trusted key");
}

absl::Status CheckpointFile::Append(const Checkpoint& checkpoint) {
  absl::MutexLock lock(&mu_);
  const std::string line = checkpoint.ToJson() + "\n";
  const int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                        0600);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot open audit checkpoint file ", path_, ": ", std::strerror(errno)));
  }
  const bool written =
      ::write(fd, line.data(), line.size()) ==
          static_cast<ssize_t>(line.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    return absl::UnavailableError(
        absl::StrCat("cannot write audit checkpoint file ", path_));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Checkpoint>> CheckpointFile::Latest() const {
  std::ifstream in(path_);
  if (!in) return std::nullopt;
  // A crash may leave a torn last line: the latest checkpoint is the last
  // line that parses (a forged one would still fail its signature check).
  std::optional<Checkpoint> latest;
  std::string line;
  while (std::getline(in, line)) {
    absl::StatusOr<Checkpoint> checkpoint = Checkpoint::FromJson(line);
    if (checkpoint.ok()) latest = *std::move(checkpoint);
  }
  return latest;
}

}  // namespace masar::audit

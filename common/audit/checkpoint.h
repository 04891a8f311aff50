#ifndef MASAR_COMMON_AUDIT_CHECKPOINT_H_
#define MASAR_COMMON_AUDIT_CHECKPOINT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/crypto/ed25519.h"

namespace masar::audit {

// A signed statement of a chain's head: "service S had `sequence` entries,
// the last with `digest`, at `time`". Kept outside the store, it reveals a
// cut tail or a chain recomputed after tampering, which the chain alone
// cannot.
struct Checkpoint {
  std::string service;
  int64_t sequence = 0;
  std::string digest;
  absl::Time time;
  std::string public_key;  // raw Ed25519 public key of the signer
  std::string signature;   // raw Ed25519 signature of SignedBytes()

  std::string SignedBytes() const;
  std::string ToJson() const;
  static absl::StatusOr<Checkpoint> FromJson(absl::string_view line);
};

Checkpoint SignCheckpoint(const crypto::Ed25519KeyPair& key,
                          absl::string_view service, int64_t sequence,
                          absl::string_view digest, absl::Time time);

// OK when `checkpoint` is signed by `trusted_public_key`.
absl::Status VerifyCheckpointSignature(const Checkpoint& checkpoint,
                                       absl::string_view trusted_public_key);
// OK when signed by any of `trusted_public_keys` (a rotated key's
// checkpoints stay verifiable while it is held).
absl::Status VerifyCheckpointSignature(
    const Checkpoint& checkpoint,
    const std::vector<std::string>& trusted_public_keys);

// Where checkpoints are exported: an append-only JSON-lines file per
// service, outside the database (another volume or an export job's input).
class CheckpointFile {
 public:
  explicit CheckpointFile(std::string path) : path_(std::move(path)) {}

  // Appends and fsyncs one line.
  absl::Status Append(const Checkpoint& checkpoint);
  // The last checkpoint in the file, if any.
  absl::StatusOr<std::optional<Checkpoint>> Latest() const;

 private:
  std::string path_;
  absl::Mutex mu_;
};

}  // namespace masar::audit

#endif  // MASAR_COMMON_AUDIT_CHECKPOINT_H_

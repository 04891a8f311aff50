#include "common/audit/checkpointer.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/crypto/digest.h"
#include "common/status/status_macros.h"

namespace masar::audit {

std::string CheckpointFilePath(absl::string_view dir,
                               absl::string_view service) {
  return absl::StrCat(dir, "/", service, ".jsonl");
}

Checkpointer::Checkpointer(crypto::Ed25519KeyPair key, std::string dir,
                           Logger* logger, const Clock* clock)
    : key_(std::move(key)),
      dir_(std::move(dir)),
      logger_(logger),
      clock_(clock),
      log_(clock) {}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Add(std::string service, sql::Database* db) {
  absl::MutexLock lock(&mu_);
  auto file =
      std::make_unique<CheckpointFile>(CheckpointFilePath(dir_, service));
  chains_.push_back(Chain{std::move(service), db, std::move(file)});
}

void Checkpointer::Start(absl::Duration interval) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  periodic_.Start(interval, [this] {
    CheckpointAll().IgnoreError();  // logged per chain
  });
}

void Checkpointer::Stop() {
  if (!periodic_.running()) return;
  periodic_.Stop();
  CheckpointAll().IgnoreError();
}

absl::Status Checkpointer::CheckpointAll() {
  absl::MutexLock lock(&mu_);
  absl::Status first;
  for (Chain& chain : chains_) {
    absl::Status status = CheckpointOne(chain);
    if (!status.ok()) {
      logger_->Warning("audit checkpoint failed",
                       {{"service", chain.service},
                        {"error", std::string(status.message())}});
      first.Update(status);
    }
  }
  return first;
}

absl::Status Checkpointer::CheckpointOne(Chain& chain) {
  ASSIGN_OR_RETURN(std::optional<AuditEntry> head, log_.Head(*chain.db));
  if (!head.has_value() || head->sequence == chain.last_sequence) {
    return absl::OkStatus();
  }
  Checkpoint checkpoint = SignCheckpoint(key_, chain.service, head->sequence,
                                         head->digest, clock_->Now());
  RETURN_IF_ERROR(chain.file->Append(checkpoint));
  logger_->Info("audit checkpoint",
                {{"service", chain.service},
                 {"sequence", checkpoint.sequence},
                 {"digest", checkpoint.digest},
                 {"signature", crypto::ToHex(checkpoint.signature)}});
  chain.last_sequence = head->sequence;
  return absl::OkStatus();
}

}  // namespace masar::audit

#include "common/keys/sealing_box.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"

namespace masar::keys {
namespace {

constexpr absl::string_view kMagic = "mk1:";
constexpr size_t kIdBytes = 8;
constexpr size_t kHeaderBytes = kMagic.size() + kIdBytes;

// The hex key id a sealed value names, or "" when it has no header.
std::string NamedKeyId(absl::string_view sealed) {
  if (sealed.size() < kHeaderBytes || !absl::StartsWith(sealed, kMagic)) {
    return "";
  }
  return absl::BytesToHexString(sealed.substr(kMagic.size(), kIdBytes));
}

}  // namespace

absl::StatusOr<std::unique_ptr<SealingBox>> SealingBox::Create(
    const KeyRing& ring) {
  std::vector<Held> held;
  size_t current = 0;
  for (const Key& key : ring.keys()) {
    if (&key == &ring.current()) current = held.size();
    ASSIGN_OR_RETURN(std::unique_ptr<crypto::SecretBox> box,
                     crypto::SecretBox::Create(key.secret));
    held.push_back(Held{key.id, std::move(box)});
  }
  return std::unique_ptr<SealingBox>(
      new SealingBox(ring.kind(), std::move(held), current));
}

SealingBox::SealingBox(KeyKind kind, std::vector<Held> held, size_t current)
    : kind_(kind),
      held_(std::move(held)),
      current_(current),
      current_id_(held_[current].id) {}

std::string SealingBox::Seal(absl::string_view plaintext) const {
  return absl::StrCat(kMagic, absl::HexStringToBytes(current_id_),
                      held_[current_].box->Seal(plaintext));
}

absl::StatusOr<std::string> SealingBox::Open(absl::string_view sealed) const {
  const std::string named = NamedKeyId(sealed);
  if (!named.empty()) {
    for (const Held& held : held_) {
      if (held.id != named) continue;
      absl::StatusOr<std::string> plain =
          held.box->Open(sealed.substr(kHeaderBytes));
      if (plain.ok()) return plain;
    }
  }
  // Sealed before key ids (or a legacy nonce that happens to start with the
  // magic): by the data-directory key, whichever held key that is now.
  for (auto it = held_.rbegin(); it != held_.rend(); ++it) {
    absl::StatusOr<std::string> plain = it->box->Open(sealed);
    if (plain.ok()) return plain;
  }
  bool held_named = false;
  for (const Held& held : held_) held_named |= held.id == named;
  if (!named.empty() && !held_named) {
    return absl::DataLossError(absl::StrCat(
        "sealed with ", KindName(kind_), " key ", named,
        ", which this process does not hold"));
  }
  return absl::DataLossError("sealed value fails authentication");
}

bool SealingBox::SealedWithCurrent(absl::string_view sealed) const {
  return NamedKeyId(sealed) == current_id_;
}

}  // namespace masar::keys

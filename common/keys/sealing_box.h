#ifndef MASAR_COMMON_KEYS_SEALING_BOX_H_
#define MASAR_COMMON_KEYS_SEALING_BOX_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/secret_box.h"
#include "common/keys/key_ring.h"

namespace masar::keys {

// crypto::SecretBox over a key ring, so that keys rotate: a value is sealed
// with the ring's current key and carries that key's id,
//
//   "mk1:" || key id (8 bytes) || nonce || ciphertext with its tag,
//
// and opens with whichever held key it names. A value sealed before key ids
// existed (nonce || ciphertext, by the one data-directory key) is tried
// under every held key: keep that key in the ring (copy
// `<data-dir>/keys/<kind>.key` into the key directory) until the values are
// re-sealed. Thread-safe.
class SealingBox {
 public:
  static absl::StatusOr<std::unique_ptr<SealingBox>> Create(
      const KeyRing& ring);

  std::string Seal(absl::string_view plaintext) const;

  // The plaintext. DATA_LOSS when `sealed` was altered or cut, or was sealed
  // with a key this ring does not hold (named by its id).
  absl::StatusOr<std::string> Open(absl::string_view sealed) const;

  // True when `sealed` names the key that seals now (re-sealing skips it).
  bool SealedWithCurrent(absl::string_view sealed) const;
  const std::string& current_key_id() const { return current_id_; }

 private:
  struct Held {
    std::string id;  // 16 hex characters
    std::unique_ptr<crypto::SecretBox> box;
  };
  SealingBox(KeyKind kind, std::vector<Held> held, size_t current);

  const KeyKind kind_;
  const std::vector<Held> held_;
  const size_t current_;
  const std::string current_id_;
};

}  // namespace masar::keys

#endif  // MASAR_COMMON_KEYS_SEALING_BOX_H_

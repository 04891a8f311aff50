#ifndef MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_CIPHER_H_
#define MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_CIPHER_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/keys/key_ring.h"
#include "common/keys/sealing_box.h"

namespace masar::identity {

// Encryption at rest of national identifiers (law 09-08: the store alone
// must not reveal them), in a keys::SealingBox. A second, separate key
// makes lookup digests, so a user can be found by identifier (or a
// duplicate refused) without the clear value or a plain hash, which 10^8
// guesses would invert, being stored.
//
// Both keys rotate. Sealing: values name their key (keys::SealingBox).
// Lookup: a digest is written under the newest lookup key, and a search
// computes the digest under every held lookup key (LookupDigests), so
// identifiers written before a rotation are still found and still count as
// duplicates; `masar reseal` rewrites every digest under the newest key,
// after which older lookup keys may go.
class NationalIdCipher {
 public:
  static constexpr size_t kKeyBytes = keys::kKeyBytes;

  // FAILED_PRECONDITION when a key of one ring is also in the other (one
  // key for both jobs would tie the digests to the ciphertexts' key).
  static absl::StatusOr<std::unique_ptr<NationalIdCipher>> Create(
      const keys::KeyRing& encryption, const keys::KeyRing& lookup);
  // One key each: INVALID_ARGUMENT unless both are kKeyBytes long and
  // differ.
  static absl::StatusOr<std::unique_ptr<NationalIdCipher>> Create(
      absl::string_view encryption_key, absl::string_view lookup_key);

  // Wipes the lookup keys (the box wipes its own).
  ~NationalIdCipher();
  NationalIdCipher(const NationalIdCipher&) = delete;
  NationalIdCipher& operator=(const NationalIdCipher&) = delete;

  // Validates and normalises `national_id` (national_id.h), then seals it
  // with the newest key, to store as bytes.
  absl::StatusOr<std::string> Encrypt(absl::string_view national_id) const;

  // The normalised identifier; DATA_LOSS when `sealed` was altered, cut or
  // sealed under a key this process does not hold.
  absl::StatusOr<std::string> Decrypt(absl::string_view sealed) const;

  // 64 hex characters: a keyed BLAKE2b digest of the normalised identifier
  // under the newest lookup key, the same for the same identifier: what is
  // stored. INVALID_ARGUMENT naming "national_id" when malformed.
  absl::StatusOr<std::string> LookupDigest(absl::string_view national_id) const;

  // The digests under every held lookup key, newest first: what a search or
  // a uniqueness check matches against.
  absl::StatusOr<std::vector<std::string>> LookupDigests(
      absl::string_view national_id) const;

  // True when `sealed` names the newest sealing key (a re-seal skips it).
  bool SealedWithCurrentKey(absl::string_view sealed) const {
    return box_->SealedWithCurrent(sealed);
  }

 private:
  using Key = std::array<unsigned char, kKeyBytes>;
  NationalIdCipher(std::unique_ptr<keys::SealingBox> box,
                   std::vector<Key> lookup_keys);

  const std::unique_ptr<keys::SealingBox> box_;
  // Oldest first; the last is the newest.
  std::vector<Key> lookup_keys_;
};

}  // namespace masar::identity

#endif  // MASAR_SERVICES_IDENTITY_CREDENTIALS_NATIONAL_ID_CIPHER_H_

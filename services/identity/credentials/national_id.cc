#include "services/identity/credentials/national_id.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "common/status/errors.h"

namespace masar::identity {
namespace {

constexpr size_t kMinLength = 5;
constexpr size_t kMaxLength = 10;
constexpr size_t kMaxLetters = 2;
constexpr size_t kVisibleDigits = 2;

size_t LetterPrefix(absl::string_view id) {
  size_t n = 0;
  while (n < id.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(id[n]))) {
    ++n;
  }
  return n;
}

bool AllDigits(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

absl::StatusOr<std::string> NormalizeNationalId(absl::string_view text) {
  const std::string id = absl::AsciiStrToUpper(text);
  const size_t letters = LetterPrefix(id);
  if (id.size() < kMinLength || id.size() > kMaxLength || letters == 0 ||
      letters > kMaxLetters ||
      !AllDigits(absl::string_view(id).substr(letters))) {
    return InvalidArgumentError(
        "national_id",
        "must be 1 or 2 letters then digits, 5 to 10 characters in all");
  }
  return id;
}

std::string MaskNationalId(absl::string_view national_id) {
  const size_t letters = std::min(LetterPrefix(national_id), kMaxLetters);
  const size_t digits = national_id.size() - letters;
  const size_t visible = std::min(digits, kVisibleDigits);
  std::string masked(national_id.substr(0, letters));
  masked.append(digits - visible, '*');
  const absl::string_view tail =
      national_id.substr(national_id.size() - visible);
  masked.append(tail.data(), tail.size());
  return masked;
}

}  // namespace masar::identity

#include "common/jcs/es_number.h"

#include <charconv>
#include <cstdlib>
#include <string>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace masar::jcs {
namespace {

// ECMAScript's Number::toString, step 5 onwards, with the value's decimal
// digits `digits` (no leading or trailing zero) and `n` the position of the
// decimal point relative to them: value = 0.digits * 10^n.
std::string Layout(absl::string_view digits, int n) {
  const int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) {
    return absl::StrCat(digits, std::string(n - k, '0'));
  }
  if (0 < n && n <= 21) {
    return absl::StrCat(digits.substr(0, n), ".", digits.substr(n));
  }
  if (-6 < n && n <= 0) {
    return absl::StrCat("0.", std::string(-n, '0'), digits);
  }
  const int exponent = n - 1;
  return absl::StrCat(digits.substr(0, 1), k > 1 ? "." : "", digits.substr(1),
                      "e", exponent > 0 ? "+" : "-", std::abs(exponent));
}

}  // namespace

std::string FormatEsNumber(double value) {
  if (value == 0) return "0";  // both zeros
  // Without a precision, to_chars gives the shortest digits that round-trip,
  // the nearest to the value among those: the digits ECMAScript asks for.
  char buffer[32];
  const std::to_chars_result result = std::to_chars(
      buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  if (result.ec != std::errc()) std::abort();  // 32 bytes always suffice
  // "[-]d[.ddd]e(+|-)dd"
  absl::string_view text(buffer, result.ptr - buffer);
  const bool negative = absl::ConsumePrefix(&text, "-");
  const size_t e = text.find('e');
  std::string digits(text.substr(0, 1));
  if (e > 1) absl::StrAppend(&digits, text.substr(2, e - 2));
  int exponent = 0;
  if (!absl::SimpleAtoi(text.substr(e + 1), &exponent)) std::abort();
  return absl::StrCat(negative ? "-" : "", Layout(digits, exponent + 1));
}

}  // namespace masar::jcs

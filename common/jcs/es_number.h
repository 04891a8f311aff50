#ifndef MASAR_COMMON_JCS_ES_NUMBER_H_
#define MASAR_COMMON_JCS_ES_NUMBER_H_

#include <string>

namespace masar::jcs {

// `value` as ECMAScript's Number.prototype.toString writes it, which is how
// RFC 8785 serializes every JSON number: the shortest digits that read back
// as the same double, in integer form below 1e21 ("100", "0.000001"),
// exponent form otherwise ("1e+21", "1.5e-7"); -0 is "0".
// `value` must be finite: JCS has no text for NaN or Infinity.
std::string FormatEsNumber(double value);

}  // namespace masar::jcs

#endif  // MASAR_COMMON_JCS_ES_NUMBER_H_

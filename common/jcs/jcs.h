#ifndef MASAR_COMMON_JCS_JCS_H_
#define MASAR_COMMON_JCS_JCS_H_

#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

// RFC 8785, the JSON Canonicalization Scheme: one text per JSON value, so
// that a digest or signature over it can be recomputed by anyone holding the
// same value, in any language (the RFC's author's `canonicalize` for
// JavaScript gives the same bytes; tests/common/jcs checks it does).
namespace masar::jcs {

// The canonical UTF-8 text of `value`: no whitespace; object members sorted
// by their keys' UTF-16 code units; strings escaped as ECMAScript's
// JSON.stringify does (only '"', '\\' and controls below U+0020; everything
// else literal); numbers as ECMAScript's Number.prototype.toString.
//
// INVALID_ARGUMENT, naming where (a JSON Pointer), for what JCS cannot
// represent faithfully: NaN or an infinity; a string or key that is not
// valid UTF-8; an integer (int64 or uint64 value) beyond +-2^53, since JCS
// numbers are doubles (9007199254740993 would silently become ...992, and
// even 2^60, a double, is written 1152921504606847000) - pass a double, or
// a string, when that is what is meant; a binary value; nesting deeper than
// kMaxDepth. (So a document parsed from text by nlohmann::json, which reads
// "10000000000000000000" as an integer, may be refused though a JavaScript
// reader would take it as 1e19.)
absl::StatusOr<std::string> Canonicalize(const nlohmann::json& value);

// Deeper documents are refused rather than risking the stack: nothing Masar
// signs comes near it.
inline constexpr int kMaxDepth = 256;

}  // namespace masar::jcs

#endif  // MASAR_COMMON_JCS_JCS_H_

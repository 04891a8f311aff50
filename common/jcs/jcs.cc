#include "common/jcs/jcs.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "common/jcs/es_number.h"

namespace masar::jcs {
namespace {

using Json = nlohmann::json;

// Reads the UTF-8 sequence at text[*pos] into `code_point` and moves past it;
// false for anything RFC 3629 forbids: a stray or missing continuation byte,
// an overlong form, a surrogate (U+D800..U+DFFF) or a value above U+10FFFF.
bool DecodeUtf8(absl::string_view text, size_t* pos, char32_t* code_point) {
  const auto lead = static_cast<unsigned char>(text[*pos]);
  int length = 0;
  char32_t minimum = 0;
  if (lead < 0x80) {
    *code_point = lead;
    ++*pos;
    return true;
  } else if ((lead & 0xe0) == 0xc0) {
    length = 2;
    minimum = 0x80;
    *code_point = lead & 0x1f;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    minimum = 0x800;
    *code_point = lead & 0x0f;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    minimum = 0x10000;
    *code_point = lead & 0x07;
  } else {
    return false;
  }
  if (text.size() - *pos < static_cast<size_t>(length)) return false;
  for (int i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[*pos + i]);
    if ((next & 0xc0) != 0x80) return false;
    *code_point = (*code_point << 6) | (next & 0x3f);
  }
  *pos += length;
  return *code_point >= minimum && *code_point <= 0x10ffff &&
         (*code_point < 0xd800 || *code_point > 0xdfff);
}

bool IsValidUtf8(absl::string_view text) {
  char32_t code_point;
  for (size_t pos = 0; pos < text.size();) {
    if (!DecodeUtf8(text, &pos, &code_point)) return false;
  }
  return true;
}

// `text` in UTF-16, the order RFC 8785 sorts keys in: a character above
// U+FFFF (a surrogate pair, 0xD800..) sorts before U+E000..U+FFFF, where
// UTF-8's byte order would put it after. False if `text` is not UTF-8.
bool ToUtf16(absl::string_view text, std::u16string* out) {
  char32_t code_point;
  for (size_t pos = 0; pos < text.size();) {
    if (!DecodeUtf8(text, &pos, &code_point)) return false;
    if (code_point < 0x10000) {
      out->push_back(static_cast<char16_t>(code_point));
    } else {
      code_point -= 0x10000;
      out->push_back(static_cast<char16_t>(0xd800 + (code_point >> 10)));
      out->push_back(static_cast<char16_t>(0xdc00 + (code_point & 0x3ff)));
    }
  }
  return true;
}

// JSON.stringify's quoting of valid UTF-8. Byte by byte is enough: every
// byte of a multi-byte UTF-8 sequence is 0x80 or above, so never escaped.
void AppendQuoted(absl::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xf]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

// JCS numbers are doubles. Beyond 2^53 not every integer is one, and even
// one that is (2^60) is written with the double's shortest digits
// (1152921504606847000), which name another integer: refused rather than
// signed as a number other than the one given.
constexpr uint64_t kMaxExactInteger = uint64_t{1} << 53;

// Why canonicalization failed, and where: the reference tokens of a JSON
// Pointer, innermost first (they are collected on the way out).
struct Failure {
  absl::string_view what;
  std::vector<std::string> reversed_path;
};

bool Fail(absl::string_view what, Failure* failure) {
  failure->what = what;
  return false;
}

bool AppendNumber(const Json& value, std::string* out, Failure* failure) {
  double number = 0;
  if (value.is_number_unsigned()) {
    const auto integer = value.get<uint64_t>();
    if (integer > kMaxExactInteger) {
      return Fail("an integer beyond 2^53", failure);
    }
    number = static_cast<double>(integer);
  } else if (value.is_number_integer()) {
    const auto integer = value.get<int64_t>();
    if (integer > int64_t{kMaxExactInteger} ||
        integer < -int64_t{kMaxExactInteger}) {
      return Fail("an integer beyond 2^53", failure);
    }
    number = static_cast<double>(integer);
  } else {
    number = value.get<double>();
    if (!std::isfinite(number)) return Fail("NaN or an infinity", failure);
  }
  out->append(FormatEsNumber(number));
  return true;
}

bool AppendValue(const Json& value, int depth, std::string* out,
                 Failure* failure);

bool AppendArray(const Json& array, int depth, std::string* out,
                 Failure* failure) {
  out->push_back('[');
  for (size_t i = 0; i < array.size(); ++i) {
    if (i > 0) out->push_back(',');
    if (!AppendValue(array[i], depth, out, failure)) {
      failure->reversed_path.push_back(absl::StrCat(i));
      return false;
    }
  }
  out->push_back(']');
  return true;
}

bool AppendObject(const Json& object, int depth, std::string* out,
                  Failure* failure) {
  std::vector<std::pair<std::u16string, Json::const_iterator>> members;
  members.reserve(object.size());
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::u16string key;
    if (!ToUtf16(it.key(), &key)) {
      return Fail("a key that is not UTF-8 in the object", failure);
    }
    members.emplace_back(std::move(key), it);
  }
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out->push_back('{');
  for (size_t i = 0; i < members.size(); ++i) {
    const Json::const_iterator& member = members[i].second;
    if (i > 0) out->push_back(',');
    AppendQuoted(member.key(), out);
    out->push_back(':');
    if (!AppendValue(member.value(), depth, out, failure)) {
      failure->reversed_path.push_back(member.key());
      return false;
    }
  }
  out->push_back('}');
  return true;
}

bool AppendValue(const Json& value, int depth, std::string* out,
                 Failure* failure) {
  switch (value.type()) {
    case Json::value_t::null:
      out->append("null");
      return true;
    case Json::value_t::boolean:
      out->append(value.get<bool>() ? "true" : "false");
      return true;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (!IsValidUtf8(text)) {
        return Fail("a string that is not UTF-8", failure);
      }
      AppendQuoted(text, out);
      return true;
    }
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return AppendNumber(value, out, failure);
    case Json::value_t::array:
    case Json::value_t::object:
      if (depth == kMaxDepth) return Fail("nesting too deep", failure);
      return value.is_array() ? AppendArray(value, depth + 1, out, failure)
                              : AppendObject(value, depth + 1, out, failure);
    case Json::value_t::binary:
      return Fail("a binary value", failure);
    case Json::value_t::discarded:
      break;
  }
  return Fail("a discarded value", failure);
}

// RFC 6901: "" for the whole document, "/parties/0/title" inside it.
std::string JsonPointer(const std::vector<std::string>& reversed_path) {
  std::string pointer;
  for (auto token = reversed_path.rbegin(); token != reversed_path.rend();
       ++token) {
    absl::StrAppend(&pointer, "/",
                    absl::StrReplaceAll(*token, {{"~", "~0"}, {"/", "~1"}}));
  }
  return pointer;
}

}  // namespace

absl::StatusOr<std::string> Canonicalize(const nlohmann::json& value) {
  std::string out;
  Failure failure;
  if (!AppendValue(value, 0, &out, &failure)) {
    return absl::InvalidArgumentError(
        absl::StrCat("JCS cannot represent ", failure.what, " at \"",
                     JsonPointer(failure.reversed_path), "\""));
  }
  return out;
}

}  // namespace masar::jcs

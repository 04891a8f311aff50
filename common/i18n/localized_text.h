#ifndef MASAR_COMMON_I18N_LOCALIZED_TEXT_H_
#define MASAR_COMMON_I18N_LOCALIZED_TEXT_H_

#include <string>

namespace masar {

// A text in the platform's three languages, as masar.common.v1.LocalizedText
// carries it: display names and descriptions that every service's domain
// holds. Plain C++ so that a domain can hold it without protobuf; api/
// layers map it with common/proto_mapping.
struct LocalizedText {
  std::string ar;
  std::string fr;
  std::string en;

  bool empty() const { return ar.empty() && fr.empty() && en.empty(); }
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

}  // namespace masar

#endif  // MASAR_COMMON_I18N_LOCALIZED_TEXT_H_

#ifndef MASAR_TESTS_TESTING_SCOPED_TEMP_DIR_H_
#define MASAR_TESTS_TESTING_SCOPED_TEMP_DIR_H_

#include <string>

#include "absl/strings/string_view.h"

namespace masar::testing {

// A fresh directory under the system's temporary directory, named
// "<prefix>-XXXXXX" (unique, so tests running in parallel never share one)
// and removed with everything in it when the object goes. Aborts the test
// binary if none can be made: no test can go on without it.
class ScopedTempDir {
 public:
  explicit ScopedTempDir(absl::string_view prefix = "masar-test");
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string File(absl::string_view name) const;
  // Writes `contents` as `name` (binary, replacing it) and returns its path.
  std::string Write(absl::string_view name, absl::string_view contents) const;

 private:
  std::string path_;
};

}  // namespace masar::testing

#endif  // MASAR_TESTS_TESTING_SCOPED_TEMP_DIR_H_

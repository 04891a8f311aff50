#include "tests/testing/scoped_temp_dir.h"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace masar::testing {

ScopedTempDir::ScopedTempDir(absl::string_view prefix) {
  std::error_code error;
  std::string pattern =
      (std::filesystem::temp_directory_path(error) /
       absl::StrCat(prefix, "-XXXXXX"))
          .string();
  if (error || ::mkdtemp(pattern.data()) == nullptr) {
    std::fprintf(stderr, "cannot create a temporary directory %s\n",
                 pattern.c_str());
    std::abort();
  }
  path_ = pattern;
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScopedTempDir::File(absl::string_view name) const {
  return absl::StrCat(path_, "/", name);
}

std::string ScopedTempDir::Write(absl::string_view name,
                                 absl::string_view contents) const {
  const std::string path = File(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(contents.data(), static_cast<std::streamsize>(contents.size()));
  return path;
}

}  // namespace masar::testing

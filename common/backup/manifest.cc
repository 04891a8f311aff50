#include "common/backup/manifest.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/backup/file_digest.h"
#include "nlohmann/json.hpp"

namespace masar::backup {
namespace {

using nlohmann::json;

absl::Status Malformed(absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("the manifest is malformed: ", what));
}

// A path inside the backup directory: relative, no "." or ".." part.
bool SafePath(absl::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  for (absl::string_view part : absl::StrSplit(path, '/')) {
    if (part.empty() || part == "." || part == "..") return false;
  }
  return true;
}

absl::StatusOr<std::string> StringField(const json& object,
                                        absl::string_view name) {
  auto it = object.find(std::string(name));
  if (it == object.end() || !it->is_string()) {
    return Malformed(absl::StrCat("\"", name, "\" is missing or not a string"));
  }
  return it->get<std::string>();
}

absl::StatusOr<int64_t> IntField(const json& object, absl::string_view name) {
  auto it = object.find(std::string(name));
  if (it == object.end() || !it->is_number_integer()) {
    return Malformed(
        absl::StrCat("\"", name, "\" is missing or not an integer"));
  }
  return it->get<int64_t>();
}

absl::StatusOr<ManifestFile> ParseFile(const json& entry) {
  if (!entry.is_object()) return Malformed("a \"files\" entry is no object");
  ManifestFile file;
  absl::StatusOr<std::string> path = StringField(entry, "path");
  absl::StatusOr<int64_t> size = IntField(entry, "size");
  absl::StatusOr<std::string> sha256 = StringField(entry, "sha256");
  if (!path.ok()) return path.status();
  if (!size.ok()) return size.status();
  if (!sha256.ok()) return sha256.status();
  if (!SafePath(*path)) {
    return Malformed(absl::StrCat("unsafe file path \"", *path, "\""));
  }
  if (*size < 0 || sha256->size() != 64) {
    return Malformed(absl::StrCat("bad size or SHA-256 of \"", *path, "\""));
  }
  file.path = *std::move(path);
  file.size = *size;
  file.sha256 = *std::move(sha256);
  return file;
}

absl::StatusOr<ManifestService> ParseService(const json& entry) {
  if (!entry.is_object()) return Malformed("a \"services\" entry is no object");
  ManifestService service;
  absl::StatusOr<std::string> name = StringField(entry, "name");
  absl::StatusOr<std::string> store_file = StringField(entry, "store_file");
  if (!name.ok()) return name.status();
  if (!store_file.ok()) return store_file.status();
  service.name = *std::move(name);
  service.store_file = *std::move(store_file);
  auto versions = entry.find("schema_versions");
  if (versions == entry.end() || !versions->is_object()) {
    return Malformed(absl::StrCat("\"schema_versions\" of ", service.name,
                                  " is missing or not an object"));
  }
  for (const auto& [component, version] : versions->items()) {
    if (!version.is_number_integer()) {
      return Malformed(absl::StrCat("schema version of ", service.name, " ",
                                    component, " is not an integer"));
    }
    service.schema_versions[component] = version.get<int>();
  }
  return service;
}

absl::Status ParseBody(const json& root, Manifest& manifest) {
  absl::StatusOr<std::string> created_at = StringField(root, "created_at");
  absl::StatusOr<std::string> version = StringField(root, "masar_version");
  absl::StatusOr<std::string> store = StringField(root, "store");
  if (!created_at.ok()) return created_at.status();
  if (!version.ok()) return version.status();
  if (!store.ok()) return store.status();
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, *created_at, &manifest.created_at,
                       &error)) {
    return Malformed(absl::StrCat("\"created_at\": ", error));
  }
  if (*store != "sqlite" && *store != "postgresql") {
    return Malformed(absl::StrCat("unknown store \"", *store, "\""));
  }
  manifest.masar_version = *std::move(version);
  manifest.store = *std::move(store);
  auto keys_dir = root.find("keys_dir");
  if (keys_dir == root.end() || !keys_dir->is_boolean()) {
    return Malformed("\"keys_dir\" is missing or not a boolean");
  }
  manifest.keys_dir = keys_dir->get<bool>();
  auto files = root.find("files");
  auto services = root.find("services");
  if (files == root.end() || !files->is_array()) {
    return Malformed("\"files\" is missing or not an array");
  }
  if (services == root.end() || !services->is_array() || services->empty()) {
    return Malformed("\"services\" is missing, empty or not an array");
  }
  for (const json& entry : *files) {
    absl::StatusOr<ManifestFile> file = ParseFile(entry);
    if (!file.ok()) return file.status();
    manifest.files.push_back(*std::move(file));
  }
  for (const json& entry : *services) {
    absl::StatusOr<ManifestService> service = ParseService(entry);
    if (!service.ok()) return service.status();
    if (manifest.Find(service->store_file) == nullptr) {
      return Malformed(absl::StrCat("the store file \"", service->store_file,
                                    "\" of ", service->name,
                                    " is not in \"files\""));
    }
    manifest.services.push_back(*std::move(service));
  }
  return absl::OkStatus();
}

}  // namespace

std::string Manifest::ToJson() const {
  json root;
  root["format"] = format;
  root["created_at"] =
      absl::FormatTime(absl::RFC3339_full, created_at, absl::UTCTimeZone());
  root["masar_version"] = masar_version;
  root["store"] = store;
  root["keys_dir"] = keys_dir;
  root["services"] = json::array();
  for (const ManifestService& service : services) {
    root["services"].push_back({{"name", service.name},
                                {"store_file", service.store_file},
                                {"schema_versions", service.schema_versions}});
  }
  root["files"] = json::array();
  for (const ManifestFile& file : files) {
    root["files"].push_back(
        {{"path", file.path}, {"size", file.size}, {"sha256", file.sha256}});
  }
  return root.dump(2) + "\n";
}

absl::StatusOr<Manifest> Manifest::Parse(absl::string_view text) {
  const json root = json::parse(text.begin(), text.end(), nullptr,
                                /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) {
    return Malformed("not a JSON object");
  }
  absl::StatusOr<int64_t> format = IntField(root, "format");
  if (!format.ok()) return format.status();
  if (*format > kManifestFormat || *format < 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the backup has format ", *format, "; this masar reads format ",
        kManifestFormat, " (restore it with the masar that made it or newer)"));
  }
  Manifest manifest;
  manifest.format = static_cast<int>(*format);
  absl::Status status = ParseBody(root, manifest);
  if (!status.ok()) return status;
  return manifest;
}

const ManifestFile* Manifest::Find(absl::string_view path) const {
  for (const ManifestFile& file : files) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

absl::StatusOr<Manifest> ReadVerifiedManifest(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/", kManifestName);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no ", kManifestName, " in ", dir,
        ": not a masar backup, or one that was interrupted before it "
        "finished (the manifest is written last)"));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Manifest> manifest = Manifest::Parse(text.str());
  if (!manifest.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": ", manifest.status().message()));
  }
  for (const ManifestFile& file : manifest->files) {
    const std::string file_path = absl::StrCat(dir, "/", file.path);
    absl::StatusOr<FileDigest> digest = DigestFile(file_path);
    if (!digest.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the backup is incomplete: ", file.path,
          ", listed in the manifest, cannot be read (",
          digest.status().message(), ")"));
    }
    if (digest->size != file.size) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the backup is damaged: ", file.path, " has ", digest->size,
          " bytes, the manifest says ", file.size));
    }
    if (digest->sha256 != file.sha256) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the backup is damaged: ", file.path, " has SHA-256 ",
          digest->sha256, ", the manifest says ", file.sha256));
    }
  }
  return manifest;
}

}  // namespace masar::backup

#include "kbuild/external_module.h"

#include <algorithm>
#include <set>

#include "common/errors.h"
#include "common/sha256.h"

namespace kbuild {

namespace fs = std::filesystem;

std::string external_module_name(const fs::path& dir) {
  fs::path p = dir.lexically_normal();
  if (!p.has_filename()) p = p.parent_path();  // "hello/" → "hello"
  std::string name = p.filename().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  // "." or ".." would name the external/ folder itself or its parent.
  if (name.empty() || name == "." || name == "..") name = "module";
  return name;
}

std::vector<ExternalModule> resolve_external_modules(const std::vector<fs::path>& dirs, const fs::path& cwd) {
  std::vector<ExternalModule> out;
  std::set<std::string> names;
  for (const auto& given : dirs) {
    fs::path dir = (given.is_absolute() ? given : cwd / given).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();
    if (!fs::is_directory(dir))
      throw kc::usage_error("--external-module " + given.string() +
                            ": no such folder; give the folder holding the module's Kbuild or Makefile");
    if (!fs::is_regular_file(dir / "Kbuild") && !fs::is_regular_file(dir / "Makefile"))
      throw kc::usage_error("--external-module " + given.string() +
                            ": no Kbuild or Makefile in it; an external module folder needs one (obj-m := name.o)");
    ExternalModule m;
    m.source = dir;
    m.name = external_module_name(dir);
    if (!names.insert(m.name).second)
      throw kc::usage_error("--external-module " + given.string() + ": another external module folder is also named '" +
                            m.name + "'; rename one of them");
    out.push_back(std::move(m));
  }
  return out;
}

namespace {

// Every entry below dir except folders, sorted by relative path.
std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> rel;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_symlink() || !it->is_directory()) rel.push_back(it->path().lexically_relative(dir));
  std::sort(rel.begin(), rel.end());
  return rel;
}

bool is_kernel_object(const std::string& file) {
  for (const char* suffix : {".ko", ".ko.xz", ".ko.gz", ".ko.zst"}) {
    std::string s = suffix;
    if (file.size() > s.size() && file.compare(file.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

}  // namespace

std::string tree_sha256(const fs::path& dir) {
  std::string listing;
  for (const auto& rel : sorted_entries(dir)) {
    fs::path full = dir / rel;
    listing += rel.generic_string();
    listing += '\0';
    if (fs::is_symlink(full)) listing += "-> " + fs::read_symlink(full).string();
    else if (fs::is_regular_file(full)) listing += kc::sha256_file(full);
    else listing += "special";
    listing += '\n';
  }
  return kc::sha256_hex(listing);
}

void stage_external_module(ExternalModule& module, const fs::path& dest) {
  fs::remove_all(dest);
  fs::create_directories(dest.parent_path());
  fs::copy(module.source, dest, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  module.sha256 = tree_sha256(dest);
}

std::vector<std::string> kernel_objects_under(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& rel : sorted_entries(dir))
    if (is_kernel_object(rel.filename().string()) && !fs::is_symlink(dir / rel)) out.push_back(rel.generic_string());
  return out;
}

nlohmann::json external_modules_json(const std::vector<ExternalModule>& modules) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : modules)
    list.push_back({{"path", m.source.string()},
                    {"name", m.name},
                    {"sha256", m.sha256},
                    {"built", m.built},
                    {"installed", m.installed}});
  return list;
}

}  // namespace kbuild

#pragma once
// Out-of-tree ("external") modules built against the kernel being built
// (`--external-module DIR`). Each folder is copied fresh into
// <build>/external/<name> when the build starts (a snapshot: what is built is
// what was there then, and the read-only source mount is never written),
// compiled with `make M=<copy> modules` after the kernel's own modules, and
// installed with `make M=<copy> modules_install` into the modules staging
// folder, so its .ko files land in modules.tar.xz under
// lib/modules/<release>/extra/ (the kernel's default INSTALL_MOD_DIR for
// external modules).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kbuild {

struct ExternalModule {
  std::filesystem::path source;     // absolute host folder the user gave
  std::string name;                 // folder name under <build>/external/
  std::string sha256;               // tree_sha256 of the copy that is built
  std::vector<std::string> built;      // .ko files built, relative to the module folder
  std::vector<std::string> installed;  // files it installed, relative to the staging folder
};

// A folder name make accepts in M= (the kernel refuses blanks, ':' and '%'):
// the folder's base name with anything but [A-Za-z0-9._-] replaced by '_'.
std::string external_module_name(const std::filesystem::path& dir);

// Checks every folder (exists, holds a Kbuild or Makefile), makes it
// absolute against `cwd` and names it. Throws kc::Error(Usage) with one line
// naming the folder, also when two folders would get the same name.
std::vector<ExternalModule> resolve_external_modules(const std::vector<std::filesystem::path>& dirs,
                                                     const std::filesystem::path& cwd);

// Digest of a folder's content, independent of where it sits and of file
// times: sha256 over one line per entry in sorted path order,
// "<relative path>\0<sha256 of the file>\n" for files and
// "<relative path>\0-> <link target>\n" for symbolic links.
std::string tree_sha256(const std::filesystem::path& dir);

// Replaces `dest` with a fresh copy of module.source (symbolic links copied
// as links) and records the copy's tree_sha256 in module.sha256.
void stage_external_module(ExternalModule& module, const std::filesystem::path& dest);

// Kernel objects (*.ko, also compressed *.ko.xz/gz/zst) under `dir`, as
// sorted relative paths.
std::vector<std::string> kernel_objects_under(const std::filesystem::path& dir);

// metadata.json's build.external_modules:
// [{path, name, sha256, built: [...], installed: [...]}, ...]
nlohmann::json external_modules_json(const std::vector<ExternalModule>& modules);

}  // namespace kbuild

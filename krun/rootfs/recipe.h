#pragma once
// Rootfs recipes are data (rootfs/arches/*.yaml, rootfs/flavors/*.yaml):
// which Debian suite and architecture, which packages. Adding an
// architecture is a new YAML file, not code.
#include <filesystem>
#include <string>
#include <vector>

namespace krun::rootfs {

struct ArchRecipe {
  std::string debian_arch;            // "amd64"; also the file name
  std::vector<std::string> aliases;   // "x86_64", ...
  std::string suite;                  // "bookworm"
  int elf_machine = 0;                // e_machine of its binaries
  std::string triplet;                // GNU triplet of its userland, "aarch64-linux-gnu"
  std::string package_triplet;        // as Debian's cross package names spell it ("x86-64-linux-gnu")
  std::string source;                 // the YAML text (part of the cache key)
};

struct Flavor {
  std::string name;                   // "minimal" | "full"
  std::vector<std::string> packages;
  bool resolve_depends = false;
  std::string source;
};

// <krun data>/rootfs.
std::filesystem::path rootfs_data_dir();

// `arch` may be a Debian name or an alias; throws Error(Usage) listing the known ones.
ArchRecipe load_arch(const std::filesystem::path& rootfs_data, const std::string& arch);
Flavor load_flavor(const std::filesystem::path& rootfs_data, const std::string& name);
std::vector<ArchRecipe> all_arches(const std::filesystem::path& rootfs_data);
std::vector<std::string> flavor_names(const std::filesystem::path& rootfs_data);
// Names from rootfs/busybox-applets.txt (comments and blank lines dropped).
std::vector<std::string> busybox_applets(const std::filesystem::path& rootfs_data);

}  // namespace krun::rootfs

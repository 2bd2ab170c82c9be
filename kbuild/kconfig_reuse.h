#pragma once
// Rebuilding in a kept build folder (-b) with nothing changed would re-run the
// whole kconfig plan, and each of its steps is a make that parses every
// Kconfig file of the tree: most of a no-op rebuild's time. So after a plan
// succeeds kbuild records a key of everything that decides the resulting
// .config, with the sha256 of that .config; the next build skips the plan
// when the key is the same and nobody has edited the .config since.
#include <filesystem>
#include <map>
#include <string>

#include "kbuild/kconfig_plan.h"
#include "kbuild/make_command.h"

namespace kbuild {

// What the plan's outcome depends on besides the plan itself.
struct KconfigKeyInputs {
  // Arch (ARCH, SRCARCH, CROSS_COMPILE), toolchain (name, CC/LLVM), wrapper
  // and the user's KEY=VALUE variables; jobs and folders do not count.
  MakeContext make;
  std::map<std::string, std::string> environment;  // the user's -e values
  std::string runtime;
  // Kconfig asks the compiler ($(cc-option) and friends): another image can
  // change the answers.
  std::string image_name, image_digest;
  std::string tree_digest;  // kconfig_tree_digest() of the source tree
};

// sha256 over the relative paths and contents of the files of the source tree
// the kconfig steps read: every Kconfig and Kconfig.* (outside .git), the
// top-level and arch/<srcarch> Makefiles (kernel version, defconfig name),
// scripts/kconfig/, the compiler probes scripts/*.sh, and the named configs
// in kernel/configs/ and arch/<srcarch>/configs/. A bisect step that changes
// any of them gives another digest.
std::string kconfig_tree_digest(const std::filesystem::path& source_dir, const std::string& srcarch);

// Hex sha256 of the plan (every step and fragment) and the inputs.
std::string kconfig_key(const KconfigPlan& plan, const KconfigKeyInputs& inputs);

// <build>/kbuild-kconfig/inputs.key, beside the fragments, so that clearing
// the fragment folder before a plan runs also drops the stamp: a plan that
// fails half-way never leaves one behind.
std::filesystem::path kconfig_stamp_path(const std::filesystem::path& build_dir);

// Records `key` with the sha256 of <build>/.config as it is now.
void write_kconfig_stamp(const std::filesystem::path& build_dir, const std::string& key);

// True when the stamp holds `key` and <build>/.config still has the sha256 it
// recorded (a .config edited by hand or by another tool is not reused).
bool config_reusable(const std::filesystem::path& build_dir, const std::string& key);

}  // namespace kbuild

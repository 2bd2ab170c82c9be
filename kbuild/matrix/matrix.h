#pragma once
// CI build matrices: a small YAML file names the axes (arch × toolchain ×
// kconfig), the exclusions and extra jobs; expand() turns it into one Job per
// combination, each with the exact kbuild argv (and krun argv when the arch
// boots on a device). CI systems then run one job per entry (see
// matrix_output.h for the GitHub Actions / GitLab shapes and docs/workflows.md).
//
//   arch: [x86_64, arm64]
//   toolchain: [gcc-12, clang-16]
//   kconfig: [tinyconfig]
//   kconfig_add: [CONFIG_PRINTK_TIME=y]            # every job
//   arch_kconfig_add:                              # per arch
//     x86_64: [devices/fragments/qemu-x86_64.config]
//   targets: [config, kernel, modules]
//   runtime: podman                                 # optional
//   kbuild_args: [-w, ccache]                       # optional, every job
//   boot: {x86_64: qemu-x86_64, arm64: qemu-arm64}  # arch → krun device
//   krun_args: [--timeouts, boot=5]               # optional, every boot
//   output_root: out                                # job outputs: out/<name>
//   exclude: [{arch: arm64, toolchain: clang-16}]
//   include: [{arch: riscv, toolchain: gcc-12, kconfig: defconfig}]
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace kbuild::matrix {

struct Job {
  std::string name;  // <arch>-<toolchain>-<kconfig>, safe as a folder/job name
  std::string arch, toolchain, kconfig;
  std::string device;                    // empty: build only
  std::string output_dir;                // <output_root>/<name>
  std::vector<std::string> kbuild_args;  // argv after "kbuild"
  std::vector<std::string> krun_args;    // argv after "krun" (empty without device)
};

struct Matrix {
  std::vector<std::string> arches, toolchains, kconfigs;
  std::vector<std::string> kconfig_add;
  std::map<std::string, std::vector<std::string>> arch_kconfig_add;
  std::vector<std::string> targets;
  std::string runtime;
  std::vector<std::string> kbuild_args;
  std::map<std::string, std::string> boot;  // arch → device
  std::vector<std::string> krun_args;
  std::string output_root = "out";
  std::vector<std::map<std::string, std::string>> exclude, include;
};

// Throws kc::Error(Usage) naming `origin` (the file) and the bad key.
Matrix parse(const YAML::Node& root, const std::string& origin);
Matrix load(const std::filesystem::path& file);

// Axes in file order (arch outermost), minus exclusions, plus includes
// (an include equal to an existing job is not repeated).
std::vector<Job> expand(const Matrix& m);

// The job name for a combination ('/' and other unsafe characters → '_').
std::string job_name(const std::string& arch, const std::string& toolchain, const std::string& kconfig);

}  // namespace kbuild::matrix

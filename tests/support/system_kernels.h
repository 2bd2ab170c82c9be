#pragma once
// Real kernels for system tests, built through the real kbuild binary and
// podman from Debian's linux-source-6.1: tinyconfig + the device's kconfig
// fragment (devices/fragments/<device>.config) + a few extra lines. Each one
// is built once per build tree and shared by every test and every ctest
// process (a file lock serialises builders, a stamp marks a finished one).
#include <filesystem>
#include <string>
#include <vector>

namespace testenv {

// /usr/src/linux-source-6.1.tar.xz unpacked once under <build>/linux-source-6.1.
// Throws std::runtime_error when the tarball is missing or unpacking fails.
std::filesystem::path linux_source_tree();

struct SystemKernel {
  std::filesystem::path dir;       // the kbuild output folder
  std::filesystem::path kernel;    // the kernel image in it
  std::filesystem::path modules;   // modules.tar.xz in it
  std::filesystem::path metadata;  // metadata.json in it
};

// "x86_64" or "arm64" (the table is in system_kernels.cc). Throws
// std::runtime_error with the end of build.log when the build fails.
SystemKernel system_kernel(const std::string& name);

// How system_kernel() builds `name`: kbuild arguments without -C/-o/-b.
std::vector<std::string> system_kernel_kbuild_args(const std::string& name);

// True when podman and the kernel source package are present.
bool can_build_system_kernels();

}  // namespace testenv

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

// "x86_64", "x86_64-debug" (KASAN, debug info), "x86_64-tiny" (the device's fragment only), "arm64", "i386", "armv7", "riscv64", "s390", "armv5", "ppc64le", "mips32el",
// "mips64el", "mips32", "mips64", "sh4", "m68k", "ppc64", "ppc32", "sparc64", "arm64be", "armv7be" or "riscv32" (the table is in system_kernels.cc). Throws
// std::runtime_error with the end of build.log when the build fails.
SystemKernel system_kernel(const std::string& name);

// kbuild run again for the kernel `name` in its kept build folder, with the
// same kconfig and other `targets` (and options such as --external-module);
// its output folder, built once per build tree like the kernels.
std::filesystem::path system_kernel_rerun(const std::string& name, const std::string& variant,
                                          const std::vector<std::string>& targets);

// kselftest.tar.xz from kbuild's kselftest target for the kernel `name`, in
// its kept build folder, with only `collections` ("size exec": make TARGETS=).
std::filesystem::path system_kselftest(const std::string& name, const std::string& collections);

// How system_kernel() builds `name`: kbuild arguments without -C/-o/-b.
std::vector<std::string> system_kernel_kbuild_args(const std::string& name);

// ccache folder shared by every system kernel build, outside the build tree so
// a fresh clone (a CI run) starts warm: $KBUILD_TEST_CCACHE_DIR, else
// $XDG_CACHE_HOME/kbuild/system-test-ccache (~/.cache/...). In-container paths
// are fixed (/kbuild/src, /kbuild/build), so hits carry over between clones.
std::filesystem::path system_kernel_ccache_dir();

// The machine-wide lock that lets one kernel build run at a time (tests and
// benchmarks share the two cores): kernel-build.lock in the user's kbuild
// cache folder, the file bench/lib.sh's kernel_build_lock names too.
std::filesystem::path kernel_build_lock_path();

// krun's cache folder (--cache-dir) shared by the system tests of one build
// tree: the default rootfs, LTP builds and downloads are made once per run.
std::filesystem::path krun_system_cache();

// True when podman and the kernel source package are present.
bool can_build_system_kernels();

}  // namespace testenv

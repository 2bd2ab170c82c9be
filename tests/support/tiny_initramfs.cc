#include "tests/support/tiny_initramfs.h"

#include <fstream>
#include <map>
#include <vector>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/archive.h"
#include "common/container_images.h"
#include "common/container_runtime.h"
#include "common/file_lock.h"
#include "common/sha256.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace testenv {

namespace fs = std::filesystem;

namespace {

// The kernel build's image and C compiler, as its metadata.json records them
// ("s390x-linux-gnu-gcc-12 (Debian 12.2.0-14) 12.2.0" → s390x-linux-gnu-gcc-12).
struct Toolchain { std::string image, compiler; };

Toolchain toolchain_of(const fs::path& metadata) {
  auto m = nlohmann::json::parse(read_file(metadata));
  std::string full = m["compiler"]["version_full"].get<std::string>();
  return {m["build"]["image"].get<std::string>(), full.substr(0, full.find(' '))};
}

// The system kernels whose guest no C library in the toolchain image serves
// (Debian ships none for big-endian Arm or 32-bit RISC-V): the program is
// built on the kernel's own nolibc, with the flags that make the image's
// compiler emit code for that guest. 6.1's nolibc as a whole does not build
// for rv32 (it lacks the time64 syscalls, the only ones rv32 has): there the
// program uses its arch layer alone (arch.h: _start and the syscall macros).
// The others link the image's glibc.
struct NolibcGuest {
  const char* header;
  std::vector<std::string> flags;
};

const std::map<std::string, NolibcGuest>& nolibc_guests() {
  static const std::map<std::string, NolibcGuest> m = {
      {"arm64be", {"nolibc.h", {"-mbig-endian"}}},
      // ARMv7 runs big-endian programs as BE8 (byte-invariant), the linker's conversion.
      {"armv7be", {"nolibc.h", {"-mbig-endian", "-Wl,--be8"}}},
      {"riscv32", {"arch.h", {"-march=rv32ima", "-mabi=ilp32"}}},
  };
  return m;
}

}  // namespace

fs::path tiny_initramfs(const std::string& kernel) {
  SystemKernel k = system_kernel(kernel);
  fs::path base = binary_dir() / "system-kernels";
  fs::path out = base / (kernel + "-tiny-init.cpio.gz");
  fs::path stamp = base / (kernel + "-tiny-init.key");
  const fs::path source = source_dir() / "tests/system/data/tiny-init/init.c";
  Toolchain tc = toolchain_of(k.metadata);
  auto nolibc = nolibc_guests().find(kernel);
  std::vector<std::string> argv = {tc.compiler, "-static", "-Os", "-Wall", "-o", "tree/init", "init.c"};
  if (nolibc != nolibc_guests().end()) {
    argv.insert(argv.end(), {"-nostdlib", "-ffreestanding", "-fno-stack-protector", "-include",
                             std::string("/nolibc/") + nolibc->second.header});
    argv.insert(argv.end(), nolibc->second.flags.begin(), nolibc->second.flags.end());
  }
  // Made again when the program, its flags or the toolchain image change.
  std::string inputs = read_file(source) + tc.image;
  for (const auto& a : argv) inputs += " " + a;
  const std::string key = kc::sha256_hex(inputs) + "\n";
  auto current = [&] { return fs::exists(out) && fs::exists(stamp) && read_file(stamp) == key; };
  if (current()) return out;
  kc::FileLock lock(base / (kernel + "-tiny-init.lock"), "the tiny initramfs for " + kernel);
  if (current()) return out;

  fs::path work = base / (kernel + "-tiny-init.tmp");
  fs::remove_all(work);
  fs::create_directories(work / "tree");
  fs::copy_file(source, work / "init.c");

  auto runtime = kc::make_container_runtime(kc::container_engine());
  kc::ContainerSpec spec;
  spec.image = tc.image;
  spec.mounts = {{work, "/tiny-init"}, {linux_source_tree() / "tools/include/nolibc", "/nolibc", true}};
  spec.workdir = "/tiny-init";
  spec.name_prefix = "kbuild-test-tiny-init";
  runtime->start(spec);
  kc::ProcessOptions o;
  o.argv = argv;
  o.timeout = std::chrono::minutes(5);
  auto r = runtime->exec(o);
  runtime->stop();
  if (!r.ok())
    throw std::runtime_error("compiling the tiny init with " + tc.compiler + " in " + tc.image + " failed (" +
                             r.describe() + "): " + r.out + r.err);

  kc::CpioOptions cpio;
  kc::create_cpio_from_dir(work / "tree", work / "initramfs.cpio.gz", cpio);
  fs::rename(work / "initramfs.cpio.gz", out);
  write_file(stamp, key);
  fs::remove_all(work);
  return out;
}

}  // namespace testenv

#include "tests/support/tiny_initramfs.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/archive.h"
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

}  // namespace

fs::path tiny_initramfs(const std::string& kernel) {
  SystemKernel k = system_kernel(kernel);
  fs::path base = binary_dir() / "system-kernels";
  fs::path out = base / (kernel + "-tiny-init.cpio.gz");
  fs::path stamp = base / (kernel + "-tiny-init.key");
  const fs::path source = source_dir() / "tests/system/data/tiny-init/init.c";
  Toolchain tc = toolchain_of(k.metadata);
  // Made again when the program or the toolchain image changes.
  const std::string key = kc::sha256_hex(read_file(source) + tc.image + tc.compiler) + "\n";
  auto current = [&] { return fs::exists(out) && fs::exists(stamp) && read_file(stamp) == key; };
  if (current()) return out;
  kc::FileLock lock(base / (kernel + "-tiny-init.lock"), "the tiny initramfs for " + kernel);
  if (current()) return out;

  fs::path work = base / (kernel + "-tiny-init.tmp");
  fs::remove_all(work);
  fs::create_directories(work / "tree");
  fs::copy_file(source, work / "init.c");

  auto runtime = kc::make_container_runtime("podman");
  kc::ContainerSpec spec;
  spec.image = tc.image;
  spec.mounts = {{work, "/tiny-init"}};
  spec.workdir = "/tiny-init";
  spec.name_prefix = "kbuild-test-tiny-init";
  runtime->start(spec);
  kc::ProcessOptions o;
  o.argv = {tc.compiler, "-static", "-Os", "-Wall", "-o", "tree/init", "init.c"};
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

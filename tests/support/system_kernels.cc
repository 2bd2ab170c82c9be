#include "tests/support/system_kernels.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "common/data_dir.h"
#include "common/file_lock.h"
#include "common/process.h"
#include "common/sha256.h"
#include "tests/support/test_env.h"

namespace testenv {

namespace fs = std::filesystem;

namespace {

const fs::path kSourceTarball = "/usr/src/linux-source-6.1.tar.xz";

struct KernelSpec {
  std::string arch, toolchain, device;
  std::vector<std::string> extra;   // extra -K values (lines or fragment files)
  bool dtbs = false;                // the device boots with a dtb from the build
};

// Every lines list below is what tests look for on top of tinyconfig + the
// device fragment: sysrq (a real crash on demand), timestamps (the parser's
// prefixes) and BUG()/WARN() reports (tinyconfig turns CONFIG_BUG off, and
// then a WARN() prints nothing and a BUG() only hangs). The x86_64 and arm64 kernels also carry kunit: suites built in
// report at boot, kunit's own tests as a module (kunit-test.ko) are loaded from
// modules.tar.xz, and what LTP needs. One kernel per arch keeps a CI run to
// one build per arch (x86_64 has a second one, its debug kernel). The x86_64
// one also has what --shared, perf and rcutorture need.
const std::vector<std::string>& common_lines() {
  static const std::vector<std::string> l = {"CONFIG_MAGIC_SYSRQ=y", "CONFIG_PRINTK_TIME=y", "CONFIG_BUG=y"};
  return l;
}

const std::vector<std::string>& kunit_lines() {
  // tinyconfig turns the runtime testing menu off and olddefconfig would then
  // drop lib/'s suites.
  static const std::vector<std::string> l = {
      "CONFIG_KUNIT=y",           "CONFIG_RUNTIME_TESTING_MENU=y", "CONFIG_KUNIT_EXAMPLE_TEST=y",
      "CONFIG_LIST_KUNIT_TEST=y", "CONFIG_BITFIELD_KUNIT=y",       "CONFIG_CMDLINE_KUNIT_TEST=y",
      "CONFIG_KUNIT_TEST=m"};
  return l;
}

// What LTP needs of a kernel (ltp/kernel.config, a -K fragment like users
// pass): the x86_64 and arm64 kernels run LTP's smoketest.
const std::vector<std::string>& ltp_lines() {
  static const std::vector<std::string> l = {(source_dir() / "ltp/kernel.config").string()};
  return l;
}

// What `krun --shared`, `--tests perf` and `--tests rcutorture` need (named
// fragments, as users pass them): the x86_64 kernel carries them for those
// tests. The debug menu rcutorture needs would also turn the tracers on by
// default, which only costs build time here.
const std::vector<std::string>& x86_64_feature_lines() {
  static const std::vector<std::string> l = {"virtio-9p", "perf", "rcutorture", "# CONFIG_FTRACE is not set"};
  return l;
}

// The x86_64 debug kernel: the sanitizer, symbolizer and vmcore tests share
// it. KASAN (named fragment) with the kernel's own KASAN kunit tests as a
// module, and full debug info for the debugkernel target's vmlinux. SMP,
// which tinyconfig leaves out: crash 8.0.2 cannot find a task's CPU in a
// uniprocessor 6.1 kernel (thread_info has no cpu field there). Kept apart
// from the x86_64 kernel: KASAN slows every boot, and most tests need none.
const std::vector<std::string>& x86_64_debug_lines() {
  static const std::vector<std::string> l = {"kasan", "debug-info-full", "CONFIG_KASAN_KUNIT_TEST=m", "CONFIG_SMP=y"};
  return l;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::map<std::string, KernelSpec>& table() {
  static const std::map<std::string, KernelSpec> t = {
      {"x86_64", {"x86_64", "gcc-12", "qemu-x86_64",
                  concat(concat(concat(common_lines(), kunit_lines()), ltp_lines()), x86_64_feature_lines())}},
      {"x86_64-debug", {"x86_64", "gcc-12", "qemu-x86_64",
                        concat(concat(common_lines(), kunit_lines()), x86_64_debug_lines())}},
      {"arm64", {"arm64", "gcc-12", "qemu-arm64", concat(concat(common_lines(), kunit_lines()), ltp_lines())}},
      // The distcc test's build, never built here: a full compile through
      // the distccd of no more than a device needs to boot.
      {"x86_64-tiny", {"x86_64", "gcc-12", "qemu-x86_64", common_lines()}},
      {"i386", {"i386", "gcc-12", "qemu-i386", common_lines()}},
      {"armv7", {"arm", "gcc-12", "qemu-armv7", common_lines()}},
      {"riscv64", {"riscv", "gcc-12", "qemu-riscv64", common_lines()}},
      {"s390", {"s390", "gcc-12", "qemu-s390", common_lines()}},
      {"armv5", {"armel", "gcc-12", "qemu-armv5", common_lines(), true}},
      {"ppc64le", {"powerpc", "gcc-12", "qemu-ppc64le", common_lines()}},
      {"mips32el", {"mips", "gcc-12", "qemu-mips32el", common_lines()}},
      {"mips64el", {"mips", "gcc-12", "qemu-mips64el", common_lines()}},
      {"mips32", {"mips", "gcc-12", "qemu-mips32", common_lines()}},
      {"mips64", {"mips", "gcc-12", "qemu-mips64", common_lines()}},
      // gcc 12 miscompiles sh's zImage loader (kbuild/data/toolchains/gcc-12.yaml).
      {"sh4", {"sh", "gcc-14", "qemu-sh4", common_lines()}},
      {"m68k", {"m68k", "gcc-12", "qemu-m68k", common_lines()}},
      {"ppc64", {"ppc64", "gcc-12", "qemu-ppc64", common_lines()}},
      {"ppc32", {"ppc32", "gcc-12", "qemu-ppc32", common_lines()}},
      {"sparc64", {"sparc", "gcc-12", "qemu-sparc64", common_lines()}},
      // Big endian by the fragment (CONFIG_CPU_BIG_ENDIAN), with the arch's usual compiler.
      {"arm64be", {"arm64", "gcc-12", "qemu-arm64be", common_lines()}},
      {"armv7be", {"arm", "gcc-12", "qemu-armv7be", common_lines()}},
      // rv32 by the fragment (CONFIG_ARCH_RV32I), with the riscv64 cross compiler.
      {"riscv32", {"riscv", "gcc-12", "qemu-riscv32", common_lines()}},
  };
  return t;
}

std::string tail(const std::string& s, size_t n) { return s.size() > n ? s.substr(s.size() - n) : s; }

}  // namespace

fs::path krun_system_cache() { return binary_dir() / "krun-system-cache"; }

fs::path system_kernel_ccache_dir() {
  if (const char* dir = std::getenv("KBUILD_TEST_CCACHE_DIR"); dir && *dir) return dir;
  return kc::user_cache_dir("kbuild") / "system-test-ccache";
}

fs::path kernel_build_lock_path() {
  fs::path dir = kc::user_cache_dir("kbuild");
  fs::create_directories(dir);
  return dir / "kernel-build.lock";
}

bool can_build_system_kernels() {
  return fs::exists(kSourceTarball) && !kc::find_program("podman").empty();
}

fs::path linux_source_tree() {
  fs::path tree = binary_dir() / "linux-source-6.1";
  fs::path stamp = tree / ".unpacked";
  if (fs::exists(stamp)) return tree;
  kc::FileLock lock(binary_dir() / "linux-source.lock", "the unpacked kernel source");
  if (fs::exists(stamp)) return tree;
  if (!fs::exists(kSourceTarball))
    throw std::runtime_error(kSourceTarball.string() + " is missing: apt-get install linux-source-6.1");
  fs::path tmp = binary_dir() / "linux-source.tmp";
  fs::remove_all(tmp);
  fs::remove_all(tree);
  fs::create_directories(tmp);
  kc::ProcessOptions o;
  o.argv = {"tar", "-xf", kSourceTarball.string(), "-C", tmp.string()};
  o.timeout = std::chrono::minutes(10);
  auto r = kc::run_process(o);
  if (!r.ok()) throw std::runtime_error("unpacking " + kSourceTarball.string() + " failed: " + r.describe() + " " + r.err);
  fs::rename(tmp / "linux-source-6.1", tree);
  fs::remove_all(tmp);
  write_file(stamp, "ok\n");
  return tree;
}

std::vector<std::string> system_kernel_kbuild_args(const std::string& name) {
  auto it = table().find(name);
  if (it == table().end()) throw std::runtime_error("no system kernel named " + name);
  const KernelSpec& s = it->second;
  std::vector<std::string> args = {"-r", "podman", "-a", s.arch, "-t", s.toolchain, "-k", "tinyconfig", "-K",
                                   (source_dir() / "devices/fragments" / (s.device + ".config")).string()};
  for (const auto& e : s.extra) args.insert(args.end(), {"-K", e});
  args.insert(args.end(), {"-j", "2", "-q", "config", "kernel", "modules"});
  if (s.dtbs) args.push_back("dtbs");
  return args;
}

namespace {

// What a kernel is built from: kbuild's arguments and the content of every
// argument that is a file (the device fragment, an external module's files
// are copied by kbuild and their folder named). An edited fragment changes it.
// What a build depends on besides the tree: each argument, the content of
// each file argument (a fragment), of each folder argument's files (an
// external module) and of each named fragment (-K perf reads
// devices/fragments/perf.config), so an edit to any of them rebuilds.
std::string build_key(const std::vector<std::string>& args) {
  std::string key;
  auto add_file = [&](const fs::path& f) { key += f.string() + "\n" + read_file(f) + "\n"; };
  for (const auto& a : args) {
    key += a + "\n";
    std::error_code ec;
    fs::path named = source_dir() / "devices/fragments" / (a + ".config");
    if (fs::is_regular_file(a, ec)) {
      add_file(a);
    } else if (fs::is_directory(a, ec)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::recursive_directory_iterator(a))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) add_file(f);
    } else if (a.find('/') == std::string::npos && fs::is_regular_file(named, ec)) {
      add_file(named);
    }
  }
  return kc::sha256_hex(key) + "\n";
}

// Runs kbuild once for the output folder base/<name> (a stamp holding the
// build key marks a finished one; a file lock serialises builders across
// ctest processes), with the kept build folder base/<build_name>-build.
fs::path build_once(const std::string& name, const std::string& build_name, const std::vector<std::string>& more) {
  fs::path base = binary_dir() / "system-kernels";
  fs::path dir = base / name;
  fs::path stamp = dir / ".complete";
  const std::string key = build_key(more);
  auto current = [&] { return fs::exists(stamp) && read_file(stamp) == key; };
  if (current()) return dir;
  kc::FileLock lock(base / (name + ".lock"), "system kernel " + name);
  if (current()) return dir;  // another process built it meanwhile

  fs::path src = linux_source_tree();
  fs::path tmp = base / (name + ".tmp");
  fs::remove_all(tmp);
  std::vector<std::string> args = {"-C", src.string(), "-o", tmp.string(), "-b",
                                   (base / (build_name + "-build")).string(), "-w", "ccache", "-e",
                                   "CCACHE_DIR=" + system_kernel_ccache_dir().string()};
  args.insert(args.end(), more.begin(), more.end());
  // Development machines share their cores; one kernel build at a time.
  kc::FileLock machine_lock(kernel_build_lock_path(), "the machine's kernel build slot");
  auto r = run(kbuild_bin(), args, {}, {}, std::chrono::seconds(3600));
  if (r.exit_code != 0) {
    std::string log = fs::exists(tmp / "build.log") ? read_file(tmp / "build.log") : "";
    throw std::runtime_error("kbuild for system kernel " + name + " failed (" + r.describe() + "): " +
                             tail(r.err, 2000) + "\n--- build.log tail ---\n" + tail(log, 3000));
  }
  fs::remove_all(dir);
  fs::rename(tmp, dir);
  write_file(stamp, key);
  return dir;
}

}  // namespace

SystemKernel system_kernel(const std::string& name) {
  SystemKernel k;
  k.dir = build_once(name, name, system_kernel_kbuild_args(name));
  k.metadata = k.dir / "metadata.json";
  k.modules = k.dir / "modules.tar.xz";
  // The image names kbuild writes for the arches in the table; the last one
  // present wins (vmlinux only for arches whose boot image it is).
  for (const char* image : {"vmlinux", "bzImage", "Image.gz", "Image", "zImage", "image"})
    if (fs::exists(k.dir / image)) k.kernel = k.dir / image;
  return k;
}

fs::path system_kernel_rerun(const std::string& name, const std::string& variant,
                             const std::vector<std::string>& targets) {
  system_kernel(name);  // configured and built first: the same build folder
  std::vector<std::string> args = system_kernel_kbuild_args(name);
  // Same kconfig arguments, other targets: the configuration is unchanged.
  args.erase(std::find(args.begin(), args.end(), "config"), args.end());
  args.insert(args.end(), targets.begin(), targets.end());
  return build_once(name + "-" + variant, name, args);
}

fs::path system_kselftest(const std::string& name, const std::string& collections) {
  std::string variant = "kselftest-";
  for (char c : collections) variant += c == ' ' ? '-' : c;
  return system_kernel_rerun(name, variant, {"config", "kselftest", "TARGETS=" + collections}) / "kselftest.tar.xz";
}

}  // namespace testenv

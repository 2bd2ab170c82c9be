// Real kernels (Debian's linux-source-6.1, tinyconfig + device fragment) built
// by the real kbuild through podman: native x86_64 and cross arm64, artifacts
// and metadata, bit-identical images from two different host folders, and
// the named debug fragments (-K kasan, ...) surviving olddefconfig.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/archive.h"
#include "common/container_runtime.h"
#include "common/file_lock.h"
#include "common/process.h"
#include "kbuild/kconfig_plan.h"

#include <unistd.h>

#include <iostream>
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

void check_kernel(const std::string& name, const std::string& image, const std::string& arch) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  testenv::SystemKernel k = testenv::system_kernel(name);
  ASSERT_EQ(k.kernel.filename(), image);
  EXPECT_GT(fs::file_size(k.kernel), 100000u);
  ASSERT_TRUE(fs::exists(k.modules));
  auto entries = kc::list_archive(k.modules);
  bool has_lib_modules = false;
  for (const auto& e : entries) has_lib_modules |= e.rfind("lib/modules/6.1", 0) == 0;
  EXPECT_TRUE(has_lib_modules);
  auto m = nlohmann::json::parse(testenv::read_file(k.metadata));
  EXPECT_EQ(m["build"]["target_arch"], arch);
  EXPECT_EQ(m["build"]["toolchain"], "gcc-12");
  EXPECT_EQ(m["results"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["kernel"][0], image);
  EXPECT_EQ(m["results"]["artifacts"]["modules"][0], "modules.tar.xz");
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "PASS");
  EXPECT_EQ(m["runtime"]["name"], "podman");
  EXPECT_NE(m["runtime"]["image_name"].get<std::string>().find("kbuild/" + arch + "_gcc-12"), std::string::npos);
  EXPECT_EQ(m["compiler"]["name"], "gcc");
  EXPECT_EQ(m["compiler"]["version"].get<std::string>().rfind("12.", 0), 0u);
  // TuxMake's sections, with its keys, from the real build.
  EXPECT_GT(m["vmlinux"]["text_size"].get<long long>(), 0);
  EXPECT_GT(m["vmlinux"]["file_size"].get<long long>(), m["vmlinux"]["text_size"].get<long long>());
  EXPECT_EQ(m["source"]["kernelversion"].get<std::string>().rfind("6.1.", 0), 0u) << m["source"].dump();
  EXPECT_EQ(m["source"]["kernelrelease"].get<std::string>().rfind("6.1.", 0), 0u) << m["source"].dump();
  EXPECT_EQ(m["system_map"]["text_offset"].get<std::string>().rfind("0x", 0), 0u) << m.value("system_map", nlohmann::json());
  EXPECT_GT(m["resources"]["disk_space"].get<long long>(), 10);  // MB of the build folder
  EXPECT_GT(m["hardware"]["cores"].get<long long>(), 0);
  const auto& modules = m["artifacts"]["modules"];
  EXPECT_TRUE(std::any_of(modules.begin(), modules.end(), [](const nlohmann::json& f) {
    return f.get<std::string>().ends_with(".ko");
  })) << modules.dump();
  // Every symbol of the boot fragment survived olddefconfig.
  EXPECT_EQ(m["kconfig_check"]["missing"].size(), 0u) << m["kconfig_check"].dump();
  std::string config = testenv::read_file(k.dir / "config");
  EXPECT_NE(config.find("CONFIG_MODULES=y"), std::string::npos);
  EXPECT_NE(config.find("CONFIG_PRINTK_TIME=y"), std::string::npos);
}

TEST(KbuildSystem, X86_64TinyconfigThroughPodman) { check_kernel("x86_64", "bzImage", "x86_64"); }

TEST(KbuildSystem, Arm64CrossTinyconfigThroughPodman) { check_kernel("arm64", "Image.gz", "arm64"); }

// A distccd of its own for a test: a container of the kbuild image (which
// carries distcc) on a podman network the test creates; both are removed
// when the object goes away.
class Distccd {
 public:
  Distccd(const std::string& image, const fs::path& log_dir) {
    // <prefix>-<pid>-<n>: what a killed test left is removed by the next one.
    const std::string id = std::to_string(::getpid()) + "-0";
    kc::remove_stale_containers("kbuild-distcc-test");
    kc::remove_stale_containers("kbuild-distccd-test");
    network_ = "kbuild-distcc-test-" + id;
    name_ = "kbuild-distccd-test-" + id;
    fs::create_directories(log_dir);
    log_ = log_dir / "distccd.log";
    testenv::write_file(log_, "");
    fs::permissions(log_dir, fs::perms::all);
    fs::permissions(log_, fs::perms::all);  // distccd drops root for its own user
    must({"network", "create", network_}, "podman network create");
    std::vector<std::string> run = {"run", "-d", "--name", name_, "--network", network_};
    auto limits = kc::podman_ulimit_args();
    run.insert(run.end(), limits.begin(), limits.end());
    // --enable-tcp-insecure: the image's cross compilers are not in distcc's
    // masquerade folder; the network is the test's own.
    run.insert(run.end(), {"-v", log_dir.string() + ":/distcc-log", image, "distccd", "--no-detach", "--daemon",
                           "--allow", "0.0.0.0/0", "--enable-tcp-insecure", "--jobs", "2", "--log-level", "info",
                           "--log-file", "/distcc-log/distccd.log"});
    must(run, "podman run distccd");
    auto ip = podman({"inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name_});
    ip_ = ip.out.substr(0, ip.out.find('\n'));
  }
  ~Distccd() {
    podman({"rm", "-f", name_});
    podman({"network", "rm", "-f", network_});
  }
  const std::string& network() const { return network_; }
  const std::string& ip() const { return ip_; }
  std::string log() const { return testenv::read_file(log_); }

 private:
  static kc::ProcessResult podman(std::vector<std::string> args) {
    kc::ProcessOptions o;
    o.argv = {"podman"};
    auto global = kc::podman_global_args();
    o.argv.insert(o.argv.end(), global.begin(), global.end());
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.timeout = std::chrono::seconds(120);
    o.ignore_interrupts = true;
    return kc::run_process(o);
  }
  void must(const std::vector<std::string>& args, const std::string& what) {
    auto r = podman(args);
    if (!r.ok()) throw std::runtime_error(what + " failed: " + r.describe() + " " + r.err);
  }
  std::string network_, name_, ip_;
  fs::path log_;
};

size_t count(const std::string& text, const std::string& word) {
  size_t n = 0;
  for (size_t pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) ++n;
  return n;
}

// kbuild of `src` with the arguments of the system kernel `kernel`, then
// `extra` (given last, so they win), into `out`/out with the build folder
// `out`/build, in the machine's one kernel-build slot.
kc::ProcessResult build_like_a_system_kernel(const std::string& kernel, const fs::path& src, const fs::path& out,
                                             const std::vector<std::string>& extra,
                                             const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> args = {"-C", src.string(), "-o", (out / "out").string(), "-b", (out / "build").string()};
  auto shared = testenv::system_kernel_kbuild_args(kernel);
  args.insert(args.end(), shared.begin(), shared.end());
  args.insert(args.end(), extra.begin(), extra.end());
  kc::FileLock slot(testenv::kernel_build_lock_path(), "the machine's kernel build slot");
  return testenv::run(testenv::kbuild_bin(), args, {}, env, std::chrono::seconds(3600));
}

// The same commit from another host folder (a hard-linked copy of the
// tree), from an empty build folder with the compiler cache that built the
// shared x86_64 kernel: by ccache's own statistics in metadata.json nearly
// every compile hits, and the kernel has the same bytes. A hit means the
// compiler saw the same preprocessed input, arguments and working folder
// (ccache hashes them), which is what fixed in-container paths promise
// across host folders; the identical image then shows the link, the
// timestamp, user and host fixed too. One build for both facts: a second,
// uncached full build for the bytes alone cost 7 minutes of a cold CI run.
TEST(KbuildSystem, AnotherFolderHitsTheCompilerCacheAndGivesTheSameBytes) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  testenv::SystemKernel first = testenv::system_kernel("x86_64");
  fs::path src = testenv::linux_source_tree();
  fs::path copy = testenv::binary_dir() / "system-kernels" / "linux-source-copy";
  fs::remove_all(copy);
  kc::ProcessOptions cp;
  cp.argv = {"cp", "-al", src.string(), copy.string()};
  ASSERT_TRUE(kc::run_process(cp).ok());
  testenv::TempDir out("repro");
  kc::ProcessResult r = build_like_a_system_kernel(
      "x86_64", copy, out.path(), {"-w", "ccache", "-e", "CCACHE_DIR=" + testenv::system_kernel_ccache_dir().string()});
  fs::remove_all(copy);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto m = nlohmann::json::parse(testenv::read_file(out / "out/metadata.json"));
  ASSERT_TRUE(m.contains("ccache")) << m.dump(2);
  EXPECT_GT(m["ccache"]["cache_hits"].get<long long>(), 300) << m["ccache"].dump();
  EXPECT_LT(m["ccache"]["cache_misses"].get<long long>(), m["ccache"]["cache_hits"].get<long long>() / 10)
      << m["ccache"].dump();
  EXPECT_EQ(testenv::read_file(first.kernel), testenv::read_file(out / "out/bzImage"))
      << "kernel images differ between two host folders";
  EXPECT_EQ(testenv::read_file(first.dir / "config"), testenv::read_file(out / "out/config"));
}

// A tinyconfig kernel built through distcc against a real distccd (its
// log shows the compile jobs ran there), which then boots. The kernel has
// the device's fragment only: every compile goes through the distccd, and
// the x86_64 kernel's extras (LTP's, perf's, 9p's) would add minutes of
// compiling to a cold CI run without showing more of distcc.
TEST(KbuildSystem, DistccCompilesOnARealDistccdAndTheKernelBoots) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  testenv::SystemKernel first = testenv::system_kernel("x86_64");
  auto image = nlohmann::json::parse(testenv::read_file(first.metadata))["runtime"]["image_name"].get<std::string>();
  testenv::TempDir out("distcc");
  Distccd distccd(image, out / "distccd");
  ASSERT_FALSE(distccd.ip().empty());
  auto t0 = std::chrono::steady_clock::now();
  // All jobs to the distccd (these win over the shared -j 2).
  kc::ProcessResult r =
      build_like_a_system_kernel("x86_64-tiny", testenv::linux_source_tree(), out.path(), {"-w", "distcc", "-j", "4"},
                                   {{"DISTCC_HOSTS", distccd.ip() + "/4"}, {"KBUILD_PODMAN_NETWORK", distccd.network()}});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::cerr << "distcc build (one local distccd, -j4): " << seconds << " s\n";
  // The compile jobs ran in the distccd.
  std::string log = distccd.log();
  EXPECT_GT(count(log, "COMPILE_OK"), 100u) << log.substr(0, 2000);
  auto m = nlohmann::json::parse(testenv::read_file(out / "out/metadata.json"));
  EXPECT_EQ(m["distcc"]["hosts"], distccd.ip() + "/4");
  EXPECT_LT(m["distcc"]["local_fallbacks"].get<int>(), 10) << m["distcc"].dump();
  auto boot = testenv::run(testenv::krun_bin(),
                           {"-q", "--cache-dir", testenv::krun_system_cache().string(), "--kbuild",
                            (out / "out").string(), "--timeouts", "boot=300s"},
                           {}, {}, std::chrono::seconds(900));
  EXPECT_EQ(boot.exit_code, 0) << boot.err;
}

// sccache through podman, the second build of the same file hits: the fake
// tree (one real C file compiled with the image's gcc) in the real image.
TEST(KbuildSystem, SccacheInTheImageHitsOnTheSecondBuild) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  auto image = nlohmann::json::parse(testenv::read_file(testenv::system_kernel("x86_64").metadata))["runtime"]
                                    ["image_name"].get<std::string>();
  testenv::TempDir home("sccache");
  auto build = [&] {
    return testenv::run(testenv::kbuild_bin(),
                        {"-C", (testenv::source_dir() / "tests/integration/fake-kernel").string(), "-r", "podman",
                         "-i", image, "-a", "x86_64", "-t", "gcc-12", "-o", (home / "out").string(), "-b",
                         (home / "build").string(), "-w", "sccache", "-e", "SCCACHE_DIR=" + (home / "sccache").string(),
                         "-q", "kernel", "FAKE_COMPILE=1"},
                        {}, {}, std::chrono::seconds(600));
  };
  auto first = build();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto m1 = nlohmann::json::parse(testenv::read_file(home / "out/metadata.json"));
  EXPECT_EQ(m1["sccache"]["cache_misses"], 1) << m1.dump(2);
  auto second = build();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto m2 = nlohmann::json::parse(testenv::read_file(home / "out/metadata.json"));
  EXPECT_EQ(m2["sccache"]["cache_hits"], 1) << m2.dump(2);
  EXPECT_EQ(m2["sccache"]["cache_misses"], 0);
}

// targz-pkg on the real tree, in the shared x86_64 kernel's kept build
// folder (nothing to compile again): the kernel's own tarball, found by its
// pattern, holds the image, System.map and config of this build's release
// and its modules.
TEST(KbuildSystem, TargzPkgShipsTheKernelsTarballOfThisRelease) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  fs::path out = testenv::system_kernel_rerun("x86_64", "targz-pkg", {"config", "targz-pkg"});
  auto m = nlohmann::json::parse(testenv::read_file(out / "metadata.json"));
  EXPECT_EQ(m["results"]["targets"]["targz-pkg"]["status"], "PASS") << m["results"].dump();
  ASSERT_EQ(m["results"]["artifacts"]["targz-pkg"].size(), 1u) << m["results"].dump();
  const std::string name = m["results"]["artifacts"]["targz-pkg"][0];
  EXPECT_EQ(name.rfind("linux-6.1", 0), 0u) << name;
  EXPECT_TRUE(name.ends_with("-x86_64.tar.gz")) << name;
  // linux-<release>-x86_64.tar.gz: the release is what the files inside carry.
  const std::string release = name.substr(6, name.size() - 6 - std::string("-x86_64.tar.gz").size());
  auto entries = kc::list_archive(out / name);
  auto has = [&](const std::string& e) { return std::find(entries.begin(), entries.end(), e) != entries.end(); };
  EXPECT_TRUE(has("boot/vmlinuz-" + release)) << release;
  EXPECT_TRUE(has("boot/System.map-" + release));
  EXPECT_TRUE(has("boot/config-" + release));
  EXPECT_TRUE(std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
    return e.starts_with("lib/modules/" + release + "/") && e.ends_with(".ko");
  })) << "no module in the tarball";
}

// bindeb-pkg on the real tree, in the shared x86_64 kernel's kept build
// folder: the kernel's own Debian packaging in the container, its packages
// moved in from beside the build folder and shipped; the image package
// holds this build's kernel, and dpkg-deb reads each package.
TEST(KbuildSystem, BindebPkgShipsTheKernelsDebianPackages) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  fs::path out = testenv::system_kernel_rerun("x86_64", "bindeb-pkg", {"config", "bindeb-pkg"});
  auto m = nlohmann::json::parse(testenv::read_file(out / "metadata.json"));
  EXPECT_EQ(m["results"]["targets"]["bindeb-pkg"]["status"], "PASS") << m["results"].dump();
  std::vector<std::string> debs = m["results"]["artifacts"]["bindeb-pkg"];
  auto named = [&](const std::string& prefix) {
    return std::find_if(debs.begin(), debs.end(), [&](const std::string& d) { return d.starts_with(prefix); });
  };
  ASSERT_NE(named("linux-image-6.1"), debs.end()) << m["results"]["artifacts"].dump();
  EXPECT_NE(named("linux-libc-dev_"), debs.end()) << m["results"]["artifacts"].dump();
  for (const auto& d : debs) {
    EXPECT_TRUE(d.ends_with("_amd64.deb")) << d;
    auto info = testenv::run(kc::find_program("dpkg-deb"), {"--info", (out / d).string()});
    EXPECT_EQ(info.exit_code, 0) << d << ": " << info.err;
  }
  auto contents = testenv::run(kc::find_program("dpkg-deb"), {"--contents", (out / *named("linux-image-6.1")).string()});
  ASSERT_EQ(contents.exit_code, 0) << contents.err;
  EXPECT_NE(contents.out.find("./boot/vmlinuz-6.1"), std::string::npos) << contents.out.substr(0, 2000);
  EXPECT_NE(contents.out.find(".ko"), std::string::npos) << "no module in the image package";
}

// dtbs_check on the real tree for arm64 device trees: tinyconfig with the
// qemu-arm64 fragment and the Arm software models' platform (a dozen dtbs:
// foundation-v8, juno, fvp...), no kernel compile; dt-schema in the image
// validates each dtb the configuration builds.
TEST(KbuildSystem, DtbsCheckValidatesArm64DeviceTreesWithDtSchema) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  testenv::TempDir dir("dtbs-check");
  std::vector<std::string> args = {"-C", testenv::linux_source_tree().string(), "-o", (dir / "out").string(),
                                   "-b", (dir / "build").string(), "-r", "podman", "-a", "arm64", "-t", "gcc-12",
                                   "-k", "tinyconfig", "-K",
                                   (testenv::source_dir() / "devices/fragments/qemu-arm64.config").string(),
                                   "-K", "CONFIG_ARCH_VEXPRESS=y", "-j", "2", "config", "dtbs", "dtbs_check"};
  kc::FileLock slot(testenv::kernel_build_lock_path(), "the machine's kernel build slot");
  auto r = testenv::run(testenv::kbuild_bin(), args, {}, {}, std::chrono::seconds(1800));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto m = nlohmann::json::parse(testenv::read_file(dir / "out/metadata.json"));
  EXPECT_EQ(m["results"]["targets"]["dtbs_check"]["status"], "PASS") << m["results"].dump();
  auto dtbs = kc::list_archive(dir / "out/dtbs.tar.xz");
  EXPECT_TRUE(std::any_of(dtbs.begin(), dtbs.end(), [](const std::string& e) { return e.ends_with("juno.dtb"); }));
  // Each dtb went through dt-validate (kbuild's DTC_CHK step).
  std::string log = testenv::read_file(dir / "out/build.log");
  EXPECT_NE(log.find("DTC_CHK arch/arm64/boot/dts/arm/juno.dtb"), std::string::npos) << log.substr(0, 3000);
}

// kbuild's config target only (olddefconfig, no compile) for x86_64 with
// gcc-12: tinyconfig, the qemu-x86_64 boot fragment and the named fragments
// `names`, which kbuild resolves itself (-K NAME: devices/fragments/NAME.config).
// Every CONFIG_ line of each named fragment ("# CONFIG_X is not set" too) is
// in the resulting .config as written, and kbuild's own check of requested
// symbols warns about none. Not in the machine's kernel build slot: a
// config-only run is one make and a few seconds of conf.
void expect_named_fragments_survive(const std::vector<std::string>& names) {
  testenv::TempDir dir("named-fragments");
  std::vector<std::string> args = {"-C", testenv::linux_source_tree().string(), "-o", (dir / "out").string(),
                                   "-b", (dir / "build").string(), "-r", "podman", "-a", "x86_64", "-t", "gcc-12",
                                   "-k", "tinyconfig", "-K",
                                   (testenv::source_dir() / "devices/fragments/qemu-x86_64.config").string()};
  for (const auto& n : names) args.insert(args.end(), {"-K", n});
  args.push_back("config");
  auto r = testenv::run(testenv::kbuild_bin(), args, {}, {}, std::chrono::seconds(1200));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // kbuild's W: line for symbols olddefconfig dropped (kbuild/builder.cc).
  EXPECT_EQ((r.out + r.err).find("did not survive olddefconfig"), std::string::npos) << r.err;
  auto m = nlohmann::json::parse(testenv::read_file(dir / "out/metadata.json"));
  EXPECT_EQ(m["kconfig_check"]["missing"].size(), 0u) << m["kconfig_check"].dump();
  auto config = kbuild::parse_config_symbols(testenv::read_file(dir / "out/config"));
  for (const auto& n : names) {
    auto wanted =
        kbuild::parse_config_symbols(testenv::read_file(testenv::source_dir() / "devices/fragments" / (n + ".config")));
    EXPECT_GE(wanted.size(), 3u) << n << ".config has too few CONFIG_ lines";
    for (const auto& [symbol, value] : wanted) {
      auto it = config.find(symbol);
      EXPECT_EQ(it == config.end() ? "n" : it->second, value) << symbol << " of " << n << ".config";
    }
  }
}

// KASAN, UBSAN, KFENCE and lockdep share one kernel; KCSAN excludes KASAN
// (KCSAN depends on !KASAN) and gets a run of its own, also with gcc-12
// (KCSAN needs gcc 11 or later).
TEST(KbuildSystem, NamedDebugFragmentsSurviveOlddefconfigOnTinyconfig) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  expect_named_fragments_survive({"kasan", "ubsan", "kfence", "lockdep"});
  expect_named_fragments_survive({"kcsan"});
}

}  // namespace

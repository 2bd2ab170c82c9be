// The real kbuild binary against the fake kernel tree (null runtime): every
// target, artifacts, metadata, logs, kconfig handling, hooks, config files.
#include <gtest/gtest.h>

#include <fstream>

#include "common/archive.h"
#include "tests/integration/kbuild_harness.h"

namespace {

namespace fs = std::filesystem;
using kbuild_it::kbuild;
using kbuild_it::null_build;
using testenv::read_file;
using testenv::TempDir;

TEST(KbuildTargets, DefaultTargetsWriteArtifactsMetadataAndLogs) {
  TempDir home;
  auto r = kbuild(home, null_build(home));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  for (const char* f : {"config", "bzImage", "modules.tar.xz", "headers.tar.xz", "vmlinux.xz", "System.map",
                        "build.log", "build-debug.log", "metadata.json"})
    EXPECT_TRUE(fs::is_regular_file(r.out / f)) << f;
  EXPECT_NE(read_file(r.out / "bzImage").find("fake bzImage for x86_64"), std::string::npos);
  EXPECT_NE(read_file(r.out / "bzImage").find("by kbuild@kbuild"), std::string::npos);
  auto m = r.metadata();
  EXPECT_EQ(m["build"]["target_arch"], "x86_64");
  EXPECT_EQ(m["build"]["toolchain"], "gcc");
  EXPECT_EQ(m["results"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["kernel"][0], "bzImage");
  EXPECT_EQ(m["results"]["artifacts"]["modules"][0], "modules.tar.xz");
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "PASS");
  EXPECT_EQ(m["results"]["targets"]["dtbs"]["status"], "SKIP");
  EXPECT_EQ(m["results"]["targets"]["xipkernel"]["status"], "SKIP");
  EXPECT_GT(m["results"]["targets"]["kernel"]["duration"].get<double>(), 0.0);
  EXPECT_EQ(m["runtime"]["name"], "null");
  EXPECT_TRUE(m.contains("compiler"));
  EXPECT_TRUE(m.contains("hardware"));
  EXPECT_TRUE(m.contains("uname"));
  // TuxMake's sections, with its keys.
  EXPECT_EQ(m["source"]["kernelversion"], "6.1.0");
  EXPECT_EQ(m["source"]["kernelrelease"], "6.1.0-fake");
  EXPECT_EQ(m["system_map"]["text_offset"], "0xffffffff81000000");
  EXPECT_TRUE(m["resources"]["disk_space"].is_number_integer());
  EXPECT_TRUE(m["vmlinux"]["file_size"].is_number_integer());
  EXPECT_EQ(m["artifacts"]["modules"], nlohmann::json::array({"lib/modules/6.1.0-fake/kernel/drivers/fake/fake.ko",
                                                                "lib/modules/6.1.0-fake/modules.dep"}))
      << m["artifacts"].dump();
  auto entries = kc::list_archive(r.out / "modules.tar.xz");
  EXPECT_NE(std::find(entries.begin(), entries.end(), "lib/modules/6.1.0-fake/kernel/drivers/fake/fake.ko"),
            entries.end());
  // modules_install's absolute `build` link to the build machine is dropped.
  EXPECT_EQ(std::find(entries.begin(), entries.end(), "lib/modules/6.1.0-fake/build"), entries.end());
  EXPECT_NE(std::find(entries.begin(), entries.end(), "lib/modules/6.1.0-fake/modules.dep"), entries.end());
  std::string log = read_file(r.out / "build.log");
  EXPECT_EQ(log.rfind("kbuild -C ", 0), 0u) << log.substr(0, 200);
  EXPECT_NE(log.find("Kernel: arch/x86/boot/bzImage is ready"), std::string::npos);
  std::string dbg = read_file(r.out / "build-debug.log");
  EXPECT_EQ(dbg.front(), '[');
}

TEST(KbuildTargets, EachTargetAlone) {
  struct Case { std::string target, arch, artifact_kind, file; };
  std::vector<Case> cases = {
      {"config", "x86_64", "config", "config"},
      {"kernel", "x86_64", "kernel", "bzImage"},
      {"kernel", "arm64", "kernel", "Image.gz"},
      {"modules", "x86_64", "modules", "modules.tar.xz"},
      {"dtbs", "arm64", "dtbs", "dtbs.tar.xz"},
      {"headers", "x86_64", "headers", "headers.tar.xz"},
      {"debugkernel", "x86_64", "debugkernel", "vmlinux.xz"},
      {"kselftest", "x86_64", "kselftest", "kselftest.tar.xz"},
      {"perf", "x86_64", "perf", "perf.tar.xz"},
      {"cpupower", "x86_64", "cpupower", "cpupower.tar.xz"},
  };
  for (const auto& c : cases) {
    TempDir home;
    std::vector<std::string> args = {"-C", kbuild_it::fake_kernel().string(), "-r", "null", "-a", c.arch, "-o",
                                     (home / "out").string(), "-q", c.target};
    auto r = kbuild(home, args);
    ASSERT_EQ(r.code(), 0) << c.target << ": " << r.result.err;
    auto m = r.metadata();
    EXPECT_EQ(m["results"]["targets"][c.target]["status"], "PASS") << c.target;
    EXPECT_EQ(m["results"]["artifacts"][c.artifact_kind][0], c.file) << c.target;
    EXPECT_TRUE(fs::is_regular_file(r.out / c.file)) << c.target;
  }
}

// perf and cpupower are built by their own Makefiles (-C tools/perf) with
// their objects in the same folder of the build tree, and installed under
// the staging prefix the archive is packed from.
TEST(KbuildTargets, ToolsBuildInTheirOwnFolderOfTheBuildTree) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"-b", (home / "build").string(), "perf", "cpupower"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  EXPECT_TRUE(fs::exists(home / "build" / "tools/perf/perf.o"));
  EXPECT_TRUE(fs::is_directory(home / "build" / "tools/power/cpupower"));
  auto entries = kc::list_archive(r.out / "perf.tar.xz");
  EXPECT_NE(std::find(entries.begin(), entries.end(), "usr/bin/perf"), entries.end());
  TempDir failing;
  auto f = kbuild(failing, null_build(failing, {"perf", "FAKE_FAIL=perf"}));
  EXPECT_EQ(f.code(), 2);
  EXPECT_EQ(f.metadata()["results"]["targets"]["perf"]["status"], "FAIL");
}

// TuxMake's debugkernel: vmlinux compressed with -z (xz by default), which
// unpacks to the very vmlinux the build made; -z none keeps the plain file.
TEST(KbuildTargets, DebugkernelShipsVmlinuxCompressedWithTheChosenCompression) {
  for (const auto& [z, name] : std::vector<std::pair<std::string, std::string>>{
           {"xz", "vmlinux.xz"}, {"gz", "vmlinux.gz"}, {"none", "vmlinux"}}) {
    TempDir home;
    auto r = kbuild(home, null_build(home, {"-z", z, "debugkernel"}));
    ASSERT_EQ(r.code(), 0) << z << ": " << r.result.err;
    EXPECT_EQ(r.metadata()["results"]["artifacts"]["debugkernel"][0], name) << z;
    std::string vmlinux = read_file(r.out / name);
    if (z != "none") {  // the standard tool unpacks it, as a user would
      auto d = testenv::run(kc::find_program(z == "xz" ? "xz" : "gzip"), {"-dc", (r.out / name).string()});
      ASSERT_EQ(d.exit_code, 0) << z << ": " << d.err;
      vmlinux = d.out;
    }
    EXPECT_EQ(vmlinux.rfind("fake vmlinux x86_64 ", 0), 0u) << z << ": " << vmlinux;
  }
}

// targz-pkg: the kernel's own tarball, named after the release and ARCH,
// found by its pattern; in a kept build folder a tarball of an earlier
// release is not taken for this build's.
TEST(KbuildTargets, TargzPkgShipsTheKernelsTarballFoundByItsPattern) {
  TempDir home;
  fs::path build = home / "build";
  fs::create_directories(build);
  std::ofstream(build / "linux-5.10.0-old-x86_64.tar.gz") << "an earlier release";
  auto r = kbuild(home, null_build(home, {"-b", build.string(), "targz-pkg"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["targets"]["targz-pkg"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["targz-pkg"], nlohmann::json::array({"linux-6.1.0-fake-x86_64.tar.gz"}));
  EXPECT_FALSE(fs::exists(r.out / "linux-5.10.0-old-x86_64.tar.gz"));
  auto entries = kc::list_archive(r.out / "linux-6.1.0-fake-x86_64.tar.gz");
  EXPECT_NE(std::find(entries.begin(), entries.end(), "boot/vmlinux-6.1.0-fake"), entries.end());
  // The target failing leaves no tarball to ship: FAIL, not a stale PASS.
  TempDir failing;
  auto f = kbuild(failing, null_build(failing, {"targz-pkg", "FAKE_FAIL=targz-pkg"}));
  EXPECT_EQ(f.code(), 2);
  EXPECT_EQ(f.metadata()["results"]["targets"]["targz-pkg"]["status"], "FAIL");
}

// decode-stacktrace: the tree's script over the boot log a user put in the
// build folder, against that folder's vmlinux, with the toolchain's
// CROSS_COMPILE; SKIP without a boot log, FAIL when the script fails.
TEST(KbuildTargets, DecodeStacktraceDecodesTheBootLogInTheBuildFolder) {
  TempDir home;
  fs::path build = home / "build";
  auto arm64 = [&](const std::vector<std::string>& targets) {
    std::vector<std::string> args = {"-C", kbuild_it::fake_kernel().string(), "-r", "null", "-a", "arm64",
                                     "-o", (home / "out").string(), "-b", build.string(), "-q"};
    args.insert(args.end(), targets.begin(), targets.end());
    return kbuild(home, args);
  };
  auto built = arm64({"config", "kernel"});
  ASSERT_EQ(built.code(), 0) << built.result.err;
  auto without_log = arm64({"decode-stacktrace"});
  ASSERT_EQ(without_log.code(), 0) << without_log.result.err;
  EXPECT_EQ(without_log.metadata()["results"]["targets"]["decode-stacktrace"]["status"], "SKIP");
  EXPECT_EQ(without_log.metadata()["results"]["targets"]["decode-stacktrace"]["reason"],
            "boot_log.txt is not in the build folder");

  testenv::write_file(build / "boot_log.txt", "[    1.0] Call trace:\n[    1.0]  fake_fn+0x10/0x20\n");
  auto decoded = arm64({"decode-stacktrace"});
  ASSERT_EQ(decoded.code(), 0) << decoded.result.err;
  auto m = decoded.metadata();
  EXPECT_EQ(m["results"]["targets"]["decode-stacktrace"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["decode-stacktrace"], nlohmann::json::array({"decoded-stacktrace.txt"}));
  EXPECT_EQ(read_file(decoded.out / "decoded-stacktrace.txt"),
            "decoded[vmlinux fake-kernel CROSS_COMPILE=aarch64-linux-gnu-]: [    1.0] Call trace:\n"
            "decoded[vmlinux fake-kernel CROSS_COMPILE=aarch64-linux-gnu-]: [    1.0]  fake_fn+0x10/0x20\n");

  testenv::write_file(build / "boot_log.txt", "FAKE_DECODE_FAIL\n");
  auto failed = arm64({"decode-stacktrace"});
  EXPECT_EQ(failed.code(), 2);
  EXPECT_EQ(failed.metadata()["results"]["targets"]["decode-stacktrace"]["status"], "FAIL");
  EXPECT_NE(read_file(failed.out / "build.log").find("cannot decode"), std::string::npos);
}

// kselftest-bpf: the BPF collection alone, with this build's vmlinux as its
// BTF, after the kernel; SKIP without CONFIG_DEBUG_INFO_BTF.
TEST(KbuildTargets, KselftestBpfInstallsTheBpfCollectionAgainstThisVmlinux) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"-K", "CONFIG_DEBUG_INFO_BTF=y", "config", "kselftest-bpf"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "PASS");
  EXPECT_EQ(m["results"]["targets"]["kselftest-bpf"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["kselftest-bpf"], nlohmann::json::array({"kselftest-bpf.tar.xz"}));
  fs::path unpacked = home / "unpacked";
  kc::extract_archive(r.out / "kselftest-bpf.tar.xz", unpacked);
  std::string list = read_file(unpacked / "kselftest-list.txt");
  EXPECT_EQ(list.rfind("collections:bpf btf:", 0), 0u) << list;
  EXPECT_NE(list.find("/vmlinux\n"), std::string::npos) << list;
  TempDir no_btf;
  auto skipped = kbuild(no_btf, null_build(no_btf, {"config", "kselftest-bpf"}));
  ASSERT_EQ(skipped.code(), 0) << skipped.result.err;
  EXPECT_EQ(skipped.metadata()["results"]["targets"]["kselftest-bpf"]["status"], "SKIP");
  EXPECT_EQ(skipped.metadata()["results"]["targets"]["kselftest-bpf"]["reason"], "CONFIG_DEBUG_INFO_BTF is not set");
}

// dtbs-legacy: for a tree without dtbs_install (a copy of the fake tree
// with that rule taken out), make dtbs and the .dtb files alone packed as
// the dtbs artifact; a tree with dtbs_install skips it for the dtbs target.
TEST(KbuildTargets, DtbsLegacyPacksTheDtbsOfATreeWithoutDtbsInstall) {
  TempDir modern;
  auto skipped = kbuild(modern, {"-C", kbuild_it::fake_kernel().string(), "-r", "null", "-a", "arm64", "-o",
                                 (modern / "out").string(), "-q", "config", "dtbs-legacy"});
  ASSERT_EQ(skipped.code(), 0) << skipped.result.err;
  EXPECT_EQ(skipped.metadata()["results"]["targets"]["dtbs-legacy"]["status"], "SKIP");
  EXPECT_EQ(skipped.metadata()["results"]["targets"]["dtbs-legacy"]["reason"], "the tree's Makefile has dtbs_install:");

  TempDir home;
  fs::copy(kbuild_it::fake_kernel(), home / "old-tree", fs::copy_options::recursive);
  std::string makefile = read_file(home / "old-tree/Makefile");
  size_t rule = makefile.find("\ndtbs_install: FORCE\n");
  ASSERT_NE(rule, std::string::npos);
  makefile.replace(rule + 1, std::string("dtbs_install: FORCE").size(), "no_dtbs_install_here: FORCE");
  testenv::write_file(home / "old-tree/Makefile", makefile);
  // What else make dtbs leaves beside the blobs stays out of the tarball.
  testenv::write_file(home / "build/arch/arm64/boot/dts/fake/.board.dtb.cmd", "cmd_board.dtb := dtc ...");
  auto r = kbuild(home, {"-C", (home / "old-tree").string(), "-r", "null", "-a", "arm64", "-o",
                         (home / "out").string(), "-b", (home / "build").string(), "-q", "config", "dtbs-legacy"});
  ASSERT_EQ(r.code(), 0) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["targets"]["dtbs-legacy"]["status"], "PASS") << m["results"].dump();
  EXPECT_EQ(m["results"]["artifacts"]["dtbs"], nlohmann::json::array({"dtbs.tar.xz"}));
  auto entries = kc::list_archive(r.out / "dtbs.tar.xz");
  EXPECT_NE(std::find(entries.begin(), entries.end(), "fake/board.dtb"), entries.end());
  for (const auto& e : entries) EXPECT_EQ(e.find(".cmd"), std::string::npos) << e;
}

// clang-analyzer: the kernel's own target, for a clang build (a real
// .config says CONFIG_CC_IS_CLANG; the fake tree takes it from -K); a gcc
// build skips it instead of failing in make.
TEST(KbuildTargets, ClangAnalyzerRunsForClangBuildsAndSkipsForGcc) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"-t", "clang", "-K", "CONFIG_CC_IS_CLANG=y", "config", "clang-analyzer"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  EXPECT_EQ(r.metadata()["results"]["targets"]["clang-analyzer"]["status"], "PASS");
  EXPECT_NE(read_file(r.out / "build.log").find("CHECK   compile_commands.json (clang"), std::string::npos);
  TempDir gcc;
  auto g = kbuild(gcc, null_build(gcc, {"config", "clang-analyzer"}));
  ASSERT_EQ(g.code(), 0) << g.result.err;
  EXPECT_EQ(g.metadata()["results"]["targets"]["clang-analyzer"]["status"], "SKIP");
  EXPECT_EQ(g.metadata()["results"]["targets"]["clang-analyzer"]["reason"], "CONFIG_CC_IS_CLANG is not set");
}

// dtbs_check: runs where the arch has device trees (its findings in
// build.log), SKIP where it has none.
TEST(KbuildTargets, DtbsCheckRunsOnArchesWithDeviceTrees) {
  TempDir arm;
  auto a = kbuild(arm, {"-C", kbuild_it::fake_kernel().string(), "-r", "null", "-a", "arm64", "-o",
                        (arm / "out").string(), "-q", "config", "dtbs_check"});
  ASSERT_EQ(a.code(), 0) << a.result.err;
  EXPECT_EQ(a.metadata()["results"]["targets"]["dtbs_check"]["status"], "PASS");
  EXPECT_NE(read_file(a.out / "build.log").find("DTC_CHK arch/arm64/boot/dts/fake/board.dtb"), std::string::npos);
  TempDir x86;
  auto x = kbuild(x86, null_build(x86, {"config", "dtbs_check"}));
  ASSERT_EQ(x.code(), 0) << x.result.err;
  EXPECT_EQ(x.metadata()["results"]["targets"]["dtbs_check"]["status"], "SKIP");
}

// binrpm-pkg: rpmbuild's top folder is put in the build folder (by the
// target's RPMOPTS), and the packages are found under RPMS/<machine>/.
TEST(KbuildTargets, BinrpmPkgShipsThePackagesFromTheBuildFolder) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"-b", (home / "build").string(), "binrpm-pkg"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["targets"]["binrpm-pkg"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["binrpm-pkg"], nlohmann::json::array({"kernel-6.1.0_fake-1.x86_64.rpm"}));
  EXPECT_TRUE(fs::is_regular_file(r.out / "kernel-6.1.0_fake-1.x86_64.rpm"));
  EXPECT_TRUE(fs::exists(home / "build/rpmbuild/RPMS/x86_64/kernel-6.1.0_fake-1.x86_64.rpm"));
}

TEST(KbuildTargets, DefaultAndPassThroughMakeTargets) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"default", "make:htmldocs"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["targets"]["default"]["status"], "PASS");
  EXPECT_EQ(m["results"]["targets"]["make:htmldocs"]["status"], "PASS");
  EXPECT_NE(read_file(r.out / "build.log").find(" htmldocs\n"), std::string::npos);
}

TEST(KbuildTargets, ModulesSkipWithoutConfigModulesAndDtbsSkipOnX86) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"-k", "tinyconfig", "modules", "dtbs"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["status"], "PASS");
  EXPECT_EQ(m["results"]["targets"]["modules"]["status"], "SKIP");
  EXPECT_EQ(m["results"]["targets"]["modules"]["reason"], "CONFIG_MODULES is not set");
  EXPECT_EQ(m["results"]["targets"]["dtbs"]["status"], "SKIP");
  EXPECT_FALSE(fs::exists(r.out / "modules.tar.xz"));
}

TEST(KbuildTargets, FailingTargetOthersContinue) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"kernel", "modules", "headers", "FAKE_FAIL=modules"}));
  EXPECT_EQ(r.code(), 2);
  EXPECT_EQ(r.error_lines(), 1) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["status"], "FAIL");
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "PASS");
  EXPECT_EQ(m["results"]["targets"]["modules"]["status"], "FAIL");
  EXPECT_EQ(m["results"]["targets"]["headers"]["status"], "PASS");
  EXPECT_GE(m["results"]["errors"].get<int>(), 1);
  EXPECT_TRUE(fs::exists(r.out / "bzImage"));
}

TEST(KbuildTargets, FailFastSkipsTheRest) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"-F", "kernel", "modules", "headers", "FAKE_FAIL=kernel"}));
  EXPECT_EQ(r.code(), 2);
  EXPECT_EQ(r.error_lines(), 1) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "FAIL");
  EXPECT_EQ(m["results"]["targets"]["modules"]["status"], "SKIP");
  EXPECT_EQ(m["results"]["targets"]["headers"]["status"], "SKIP");
  EXPECT_TRUE(fs::exists(r.out / "config"));  // what was built before the failure stays
}

TEST(KbuildTargets, WarningsAreCounted) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"kernel", "FAKE_WARN=kernel"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  EXPECT_EQ(r.metadata()["results"]["warnings"], 1);
  EXPECT_EQ(r.metadata()["results"]["errors"], 0);
}

TEST(KbuildTargets, KernelImageOverride) {
  TempDir home;
  auto r = kbuild(home, {"-C", kbuild_it::fake_kernel().string(), "-r", "null", "-a", "arm64", "-I", "Image", "-o",
                         (home / "out").string(), "-q", "kernel"});
  ASSERT_EQ(r.code(), 0) << r.result.err;
  EXPECT_EQ(r.metadata()["results"]["artifacts"]["kernel"][0], "Image");
}

TEST(KbuildKconfig, FragmentsOfEveryKindAreMergedAndChecked) {
  TempDir home;
  testenv::write_file(home / "frag.config", "CONFIG_FROM_FILE=y\n");
  auto r = kbuild(home, null_build(home, {"-k", "tinyconfig", "-K", (home / "frag.config").string(), "-K",
                                          "CONFIG_INLINE=m", "-K", "# CONFIG_PRINTK is not set", "-K",
                                          "kvm_guest.config", "-K", "CONFIG_UNSATISFIABLE_THING=y", "config"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  std::string config = read_file(r.out / "config");
  EXPECT_NE(config.find("CONFIG_FROM_FILE=y"), std::string::npos);
  EXPECT_NE(config.find("CONFIG_INLINE=m"), std::string::npos);
  EXPECT_NE(config.find("# CONFIG_PRINTK is not set"), std::string::npos);
  EXPECT_NE(config.find("CONFIG_VIRTIO=y"), std::string::npos);
  auto m = r.metadata();
  ASSERT_EQ(m["kconfig_check"]["missing"].size(), 1u);
  EXPECT_EQ(m["kconfig_check"]["missing"][0]["symbol"], "CONFIG_UNSATISFIABLE_THING");
  EXPECT_NE(r.result.err.find("W: kconfig: 1 requested symbol(s) did not survive"), std::string::npos);
}

TEST(KbuildKconfig, BaseFromFileAndInTreePath) {
  TempDir home;
  testenv::write_file(home / "my.config", "CONFIG_MODULES=y\nCONFIG_MINE=y\n");
  auto r = kbuild(home, null_build(home, {"-k", (home / "my.config").string(), "config"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  EXPECT_NE(read_file(r.out / "config").find("CONFIG_MINE=y"), std::string::npos);
  TempDir home2;
  auto r2 = kbuild(home2, null_build(home2, {"-k", "arch/arm64/configs/defconfig.fake", "config"}));
  ASSERT_EQ(r2.code(), 0) << r2.result.err;
  EXPECT_NE(read_file(r2.out / "config").find("CONFIG_PRINTK=y"), std::string::npos);
}

TEST(KbuildHooks, ResultsHookSeesTheBuildThroughItsEnvironment) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"--results-hook", "env | grep ^KBUILD_HOOK_ | sort > hook.env; pwd >> hook.env",
                                          "--post-build-hook", "echo post > post.txt", "kernel"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  std::string env = read_file(r.out / "hook.env");
  EXPECT_NE(env.find("KBUILD_HOOK_STATUS=PASS"), std::string::npos) << env;
  EXPECT_NE(env.find("KBUILD_HOOK_ARCH=x86_64"), std::string::npos);
  EXPECT_NE(env.find("KBUILD_HOOK_TOOLCHAIN=gcc"), std::string::npos);
  EXPECT_NE(env.find("KBUILD_HOOK_KERNEL=" + (r.out / "bzImage").string()), std::string::npos);
  EXPECT_NE(env.find("KBUILD_HOOK_OUTPUT_DIR=" + r.out.string()), std::string::npos);
  EXPECT_NE(env.find("KBUILD_HOOK_PHASE=results"), std::string::npos);
  EXPECT_NE(env.find("\n" + r.out.string() + "\n"), std::string::npos);  // ran in the output dir
  EXPECT_EQ(read_file(r.out / "post.txt"), "post\n");
}

TEST(KbuildHooks, FailingHooksAndBisectCodes) {
  {
    TempDir home;
    auto r = kbuild(home, null_build(home, {"--results-hook", "exit 1", "kernel"}));
    EXPECT_EQ(r.code(), 2);
    EXPECT_EQ(r.error_lines(), 1) << r.result.err;
    EXPECT_EQ(r.metadata()["results"]["status"], "PASS");  // the build itself passed
  }
  for (int code : {1, 125, 0}) {
    TempDir home;
    auto r = kbuild(home, null_build(home, {"--bisect", "--results-hook", "exit " + std::to_string(code), "kernel"}));
    EXPECT_EQ(r.code(), code);
  }
  {
    TempDir home;  // a failed build is "cannot test" for git bisect
    auto r = kbuild(home, null_build(home, {"--bisect", "--results-hook", "exit 0", "kernel", "FAKE_FAIL=kernel"}));
    EXPECT_EQ(r.code(), 125);
  }
  {
    TempDir home;
    auto r = kbuild(home, null_build(home, {"--pre-build-hook", "exit 3", "kernel"}));
    EXPECT_EQ(r.code(), 2);
    EXPECT_EQ(r.error_lines(), 1) << r.result.err;
    EXPECT_FALSE(fs::exists(r.out / "bzImage"));
  }
}

TEST(KbuildConfigFiles, DefaultAndNamedConfigFiles) {
  TempDir home;
  testenv::write_file(home / "config/kbuild/default", "-r null -a arm64 -q\n");
  testenv::write_file(home / "config/kbuild/tiny", "-r null -a x86_64 -k tinyconfig -q\n");
  auto r = kbuild(home, {"-C", kbuild_it::fake_kernel().string(), "-o", (home / "out").string(), "kernel"});
  ASSERT_EQ(r.code(), 0) << r.result.err;
  EXPECT_EQ(r.metadata()["build"]["target_arch"], "arm64");
  TempDir home2;
  testenv::write_file(home2 / "config/kbuild/tiny", "-r null -a x86_64 -k tinyconfig -q\n");
  auto r2 = kbuild(home2, {"@tiny", "-C", kbuild_it::fake_kernel().string(), "-o", (home2 / "out").string(), "config"});
  ASSERT_EQ(r2.code(), 0) << r2.result.err;
  EXPECT_EQ(r2.metadata()["build"]["kconfig"], "tinyconfig");
}

TEST(KbuildReproducible, SameTreeFromTwoFoldersGivesIdenticalArtifacts) {
  TempDir home;
  fs::create_directories(home / "a/linux");
  fs::create_directories(home / "b/elsewhere/linux");
  fs::copy(kbuild_it::fake_kernel(), home / "a/linux", fs::copy_options::recursive);
  fs::copy(kbuild_it::fake_kernel(), home / "b/elsewhere/linux", fs::copy_options::recursive);
  auto a = kbuild(home, {"-C", (home / "a/linux").string(), "-r", "null", "-a", "x86_64", "-o",
                         (home / "out-a").string(), "-q", "kernel", "modules"});
  auto b = kbuild(home, {"-C", (home / "b/elsewhere/linux").string(), "-r", "null", "-a", "x86_64", "-o",
                         (home / "out-b").string(), "-q", "kernel", "modules"});
  ASSERT_EQ(a.code(), 0) << a.result.err;
  ASSERT_EQ(b.code(), 0) << b.result.err;
  EXPECT_EQ(read_file(home / "out-a/bzImage"), read_file(home / "out-b/bzImage"));
  EXPECT_EQ(read_file(home / "out-a/modules.tar.xz"), read_file(home / "out-b/modules.tar.xz"));
}

TEST(KbuildWrappers, CompilerWrapperAndItsEnvironmentReachTheBuild) {
  {
    TempDir home;
    auto r = kbuild(home, null_build(home, {"-w", "ccache", "-e", "CCACHE_DIR=" + (home / "cc").string(), "kernel"}));
    ASSERT_EQ(r.code(), 0) << r.result.err;
    std::string log = read_file(r.out / "build.log");
    EXPECT_NE(log.find("wrapper environment: CC=ccache gcc CCACHE_DIR=" + (home / "cc").string()), std::string::npos)
        << log;
    EXPECT_TRUE(fs::is_directory(home / "cc"));
  }
  {
    TempDir home;
    auto r = kbuild(home, null_build(home, {"-w", "sccache", "kernel"}));
    ASSERT_EQ(r.code(), 0) << r.result.err;
    std::string log = read_file(r.out / "build.log");
    EXPECT_NE(log.find("CC=sccache gcc "), std::string::npos);
    EXPECT_NE(log.find("SCCACHE_DIR=" + (home / "cache/kbuild/sccache").string()), std::string::npos);
  }
  {
    TempDir home;
    auto r = kbuild(home, null_build(home, {"-w", "distcc", "kernel"}), {{"DISTCC_HOSTS", "localhost/2"}});
    ASSERT_EQ(r.code(), 0) << r.result.err;
    EXPECT_NE(read_file(r.out / "build.log").find("CC=distcc gcc"), std::string::npos);
    EXPECT_NE(read_file(r.out / "build.log").find("DISTCC_HOSTS=localhost/2"), std::string::npos);
  }
}

// ccache's own statistics land in metadata.json under TuxMake's keys, counted
// for this build only: a second build of the same file hits.
TEST(KbuildWrappers, CcacheStatisticsPerBuildInMetadata) {
  TempDir home;
  // A kept build folder: the file is at the same path both times.
  std::vector<std::string> args = {"-w", "ccache", "-e", "CCACHE_DIR=" + (home / "cc").string(), "-b", (home / "build").string(), "kernel",
                                   "FAKE_COMPILE=1"};
  auto first = kbuild(home, null_build(home, args));
  ASSERT_EQ(first.code(), 0) << first.result.err;
  EXPECT_EQ(first.metadata()["ccache"]["cache_hits"], 0) << first.metadata().dump(2);
  EXPECT_EQ(first.metadata()["ccache"]["cache_misses"], 1);
  auto second = kbuild(home, null_build(home, args));
  ASSERT_EQ(second.code(), 0) << second.result.err;
  EXPECT_EQ(second.metadata()["ccache"]["cache_hits"], 1) << second.metadata().dump(2);
  EXPECT_EQ(second.metadata()["ccache"]["cache_misses"], 0);
}

// A distcc host that does not answer: distcc compiles here instead, and
// kbuild says so (W: line, metadata.json) while the build passes.
TEST(KbuildWrappers, DistccFallbackToLocalIsReported) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"-w", "distcc", "kernel", "FAKE_COMPILE=1"}),
                  {{"DISTCC_HOSTS", "127.0.0.1:1"}});
  ASSERT_EQ(r.code(), 0) << r.result.err;
  auto m = r.metadata();
  EXPECT_EQ(m["distcc"]["hosts"], "127.0.0.1:1");
  EXPECT_GE(m["distcc"]["local_fallbacks"].get<int>(), 1) << m.dump(2);
  EXPECT_NE(r.result.err.find("W: distcc could not reach its hosts (127.0.0.1:1)"), std::string::npos) << r.result.err;
  EXPECT_TRUE(fs::exists(home / "out/bzImage"));
}

TEST(KbuildCli, HelpAndLists) {
  TempDir home;
  auto r = kbuild(home, {"--help"});
  EXPECT_EQ(r.code(), 0);
  EXPECT_NE(r.result.out.find("--kconfig-add"), std::string::npos);
  auto a = kbuild(home, {"-A"});
  EXPECT_EQ(a.code(), 0);
  EXPECT_NE(a.result.out.find("arm64\n"), std::string::npos);
  auto t = kbuild(home, {"-T"});
  EXPECT_NE(t.result.out.find("clang-16\n"), std::string::npos);
  auto rt = kbuild(home, {"-R"});
  EXPECT_EQ(rt.result.out, "null\npodman\ndocker\n");
}

}  // namespace

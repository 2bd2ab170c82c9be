// The build engine driven with a FAKE runtime (no make, no podman, no
// kernel tree beyond three files): the fake plays make's part for each
// target, writing what a kernel build would, or failing where a test says;
// the tests then read what the engine decided: which commands ran in what
// order, the targets' statuses and reasons, the artifacts, metadata.json and
// the exit code.
#include "kbuild/builder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/json_file.h"
#include "common/process.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

// Plays make: "<x>config" writes .config, the arch's image target writes the
// image (and vmlinux), modules_install fills INSTALL_MOD_PATH; any target in
// `fail` exits 2. Every other command (compiler --version, cat
// /etc/os-release) succeeds with a plausible line.
class FakeRuntime : public kc::ContainerRuntime {
 public:
  FakeRuntime(std::vector<std::vector<std::string>>* log, std::set<std::string> fail, std::string config)
      : log_(log), fail_(std::move(fail)), config_(std::move(config)) {}
  std::string name() const override { return "fake"; }
  void check_available() const override {}
  void start(const kc::ContainerSpec& spec) override { spec_ = spec; }
  void stop() override {}
  std::string path_of(const kc::Mount& m) const override { return m.host.string(); }
  std::vector<std::string> reproducer_prefix() const override { return {}; }

  kc::ProcessResult exec(kc::ProcessOptions o) override {
    log_->push_back(o.argv);
    kc::ProcessResult r;
    r.exit_code = 0;
    if (o.argv[0] == "find") return kc::run_process(o);  // host paths here: the real find moves real files
    if (o.argv[0] != "make") {
      r.out = o.argv[0] + " (fake) 12.2.0\n";
      if (o.on_stdout) o.on_stdout(r.out);
      return r;
    }
    std::string build, install_mod_path;
    std::vector<std::string> targets;
    for (size_t i = 1; i < o.argv.size(); ++i) {
      const std::string& a = o.argv[i];
      if (a.starts_with("O=")) build = a.substr(2);
      else if (a.starts_with("INSTALL_MOD_PATH=")) install_mod_path = a.substr(17);
      else if (a == "-C") ++i;
      else if (!a.starts_with("-") && a.find('=') == std::string::npos) targets.push_back(a);
    }
    for (const std::string& t : targets) {
      if (fail_.count(t)) {
        r.exit_code = 2;
        if (o.on_stdout) o.on_stdout("init/fake.c:1:1: error: fake failure in " + t + "\n");
        return r;
      }
      if (t.ends_with("config")) kc::write_file_atomic(fs::path(build) / ".config", config_);
      if (t == "bzImage") {
        kc::write_file_atomic(fs::path(build) / "arch/x86/boot/bzImage", "fake bzImage");
        kc::write_file_atomic(fs::path(build) / "vmlinux", "fake vmlinux");
      }
      if (t == "bindeb-pkg")  // as dpkg-deb does: next to the build folder
        for (const char* deb : {"linux-image-6.1.0_6.1.0-1_amd64.deb", "linux-libc-dev_6.1.0-1_amd64.deb"})
          kc::write_file_atomic(fs::path(build).parent_path() / deb, "fake package");
      if (t == "modules_install")
        kc::write_file_atomic(fs::path(install_mod_path) / "lib/modules/6.1.0/kernel/fake.ko", "fake module");
    }
    return r;
  }

 private:
  std::vector<std::vector<std::string>>* log_;
  std::set<std::string> fail_;
  std::string config_;
  kc::ContainerSpec spec_;
};

struct Harness {
  fs::path dir = fs::temp_directory_path() /
                 ("kbuild-builder-test-" + std::to_string(getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::vector<std::vector<std::string>> commands;
  std::set<std::string> fail;
  std::string config = "CONFIG_MODULES=y\nCONFIG_64BIT=y\n";

  Harness() {
    fs::remove_all(dir);
    for (const char* f : {"src/Makefile", "src/Kconfig", "src/scripts/kconfig/Makefile"})
      kc::write_file_atomic(dir / f, "# a kernel tree as far as kbuild checks\n");
  }
  ~Harness() { fs::remove_all(dir); }

  Options options(std::vector<std::string> targets) {
    Options o;
    o.directory = dir / "src";
    o.target_arch = "x86_64";
    o.toolchain = "gcc-12";
    o.kconfig = "tinyconfig";
    o.runtime = "fake";
    o.output_dir = dir / "out";
    o.build_dir = dir / "build";
    o.quiet = true;
    o.jobs = 2;
    o.targets = std::move(targets);
    return o;
  }

  int build(Options o) {
    BuildServices s;
    s.make_runtime = [this](const std::string&) { return std::make_unique<FakeRuntime>(&commands, fail, config); };
    s.ensure_image = [](const image::Request&) -> std::string { throw kc::infra_error("no image in unit tests"); };
    s.fetch = [](const std::string& url) -> std::string { throw kc::infra_error("no network: " + url); };
    s.data_dir = fs::path(KPROJECT_BINARY_DIR) / "share/kbuild";
    return run_build(std::move(o), std::move(s));
  }

  nlohmann::json metadata() const { return kc::read_json_file(dir / "out/metadata.json"); }
  // The make targets of every make command, in order.
  std::vector<std::string> make_targets() const {
    std::vector<std::string> out;
    for (const auto& argv : commands) {
      if (argv.empty() || argv[0] != "make") continue;
      for (size_t i = 1; i < argv.size(); ++i) {
        if (argv[i] == "-C") ++i;
        else if (!argv[i].starts_with("-") && argv[i].find('=') == std::string::npos) out.push_back(argv[i]);
      }
    }
    return out;
  }
};

size_t index_of(const std::vector<std::string>& v, const std::string& x) {
  return static_cast<size_t>(std::find(v.begin(), v.end(), x) - v.begin());
}

TEST(Builder, ConfigThenKernelThenModulesWithTheirArtifactsAndMetadata) {
  Harness h;
  EXPECT_EQ(h.build(h.options({"config", "kernel", "modules"})), 0);
  auto made = h.make_targets();
  EXPECT_LT(index_of(made, "tinyconfig"), index_of(made, "bzImage"));
  EXPECT_LT(index_of(made, "bzImage"), index_of(made, "modules_install"));
  auto m = h.metadata();
  EXPECT_EQ(m["results"]["status"], "PASS");
  for (const char* t : {"config", "kernel", "modules"}) EXPECT_EQ(m["results"]["targets"][t]["status"], "PASS") << t;
  EXPECT_EQ(m["results"]["artifacts"]["kernel"][0], "bzImage");
  EXPECT_EQ(kc::read_file(h.dir / "out/bzImage"), "fake bzImage");
  EXPECT_TRUE(fs::exists(h.dir / "out/modules.tar.xz"));
  EXPECT_EQ(m["build"]["toolchain"], "gcc-12");
  // Every make command runs in the build folder's fixed place (here: the host's).
  // (`make --version` only reports the tool for metadata.)
  for (const auto& argv : h.commands) {
    if (argv[0] != "make" || std::find(argv.begin(), argv.end(), "--version") != argv.end()) continue;
    EXPECT_NE(std::find(argv.begin(), argv.end(), "O=" + (h.dir / "build").string()), argv.end())
        << kc::quote_command(argv);
  }
}

TEST(Builder, AFailedTargetFailsTheBuildAndItsDependentsAreSkipped) {
  Harness h;
  h.fail = {"bzImage"};
  EXPECT_EQ(h.build(h.options({"config", "kernel", "modules"})), 2);
  auto m = h.metadata();
  EXPECT_EQ(m["results"]["status"], "FAIL");
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "FAIL");
  EXPECT_EQ(m["results"]["targets"]["modules"]["status"], "PASS");  // modules need the config only
  EXPECT_GE(m["results"]["errors"].get<int>(), 1);

  Harness no_config;
  no_config.fail = {"tinyconfig"};
  EXPECT_EQ(no_config.build(no_config.options({"config", "kernel", "modules"})), 2);
  auto n = no_config.metadata();
  EXPECT_EQ(n["results"]["targets"]["config"]["status"], "FAIL");
  for (const char* t : {"kernel", "modules"}) {
    EXPECT_EQ(n["results"]["targets"][t]["status"], "SKIP") << t;
    EXPECT_EQ(n["results"]["targets"][t]["reason"], "dependency config did not pass") << t;
  }
  EXPECT_EQ(index_of(no_config.make_targets(), "bzImage"), no_config.make_targets().size());  // never ran
}

TEST(Builder, FailFastStopsAfterTheFirstFailureAndBisectCannotTest) {
  Harness h;
  h.fail = {"bzImage"};
  Options o = h.options({"config", "kernel", "modules"});
  o.fail_fast = true;
  o.bisect = true;
  EXPECT_EQ(h.build(o), 125);
  auto m = h.metadata();
  EXPECT_EQ(m["results"]["targets"]["modules"]["status"], "SKIP");
  EXPECT_EQ(m["results"]["targets"]["modules"]["reason"], "skipped by --fail-fast after a failure");
  EXPECT_EQ(index_of(h.make_targets(), "modules_install"), h.make_targets().size());  // never ran
}

TEST(Builder, ModulesWithoutConfigModulesAreSkippedNotFailed) {
  Harness h;
  h.config = "CONFIG_64BIT=y\n# CONFIG_MODULES is not set\n";
  EXPECT_EQ(h.build(h.options({"config", "kernel", "modules"})), 0);
  auto m = h.metadata();
  EXPECT_EQ(m["results"]["targets"]["modules"]["status"], "SKIP");
  EXPECT_EQ(m["results"]["targets"]["modules"]["reason"], "CONFIG_MODULES is not set");
  EXPECT_EQ(m["results"]["status"], "PASS");
}

TEST(Builder, AFailingResultsHookDecidesUnderBisect) {
  Harness h;
  Options o = h.options({"config", "kernel"});
  o.bisect = true;
  o.results_hooks = {"exit 1"};
  EXPECT_EQ(h.build(o), 1);  // krun --bisect's "bad" passes through
  Harness plain;
  Options p = plain.options({"config", "kernel"});
  p.results_hooks = {"exit 1"};
  EXPECT_EQ(plain.build(p), 2);
}

// Hooks get one KBUILD_HOOK_<KIND> per artifact kind the targets declare:
// the built ones name their file, the others are set and empty.
TEST(Builder, HooksSeeEveryArtifactKindByItsVariable) {
  Harness h;
  Options o = h.options({"config", "kernel"});
  o.post_build_hooks = {"env | grep ^KBUILD_HOOK_ | sort > \"$KBUILD_HOOK_OUTPUT_DIR/../hook-env\""};
  EXPECT_EQ(h.build(o), 0);
  std::string env = kc::read_file(h.dir / "hook-env");
  EXPECT_NE(env.find("KBUILD_HOOK_KERNEL=" + (h.dir / "out/bzImage").string() + "\n"), std::string::npos) << env;
  EXPECT_NE(env.find("KBUILD_HOOK_CONFIG=" + (h.dir / "out/config").string() + "\n"), std::string::npos) << env;
  for (const char* empty : {"KBUILD_HOOK_MODULES=\n", "KBUILD_HOOK_DTBS=\n", "KBUILD_HOOK_HEADERS=\n"})
    EXPECT_NE(env.find(empty), std::string::npos) << empty << env;
  EXPECT_NE(env.find("KBUILD_HOOK_PHASE=post-build\n"), std::string::npos) << env;
}

// bindeb-pkg's packages land next to the build folder (dpkg-deb's ..):
// kbuild moves them in and ships them under their own names, and make got
// DPKG_FLAGS from the target's data; outside a container the target is
// skipped instead of writing into the user's folder.
TEST(Builder, PackagesWrittenNextToTheBuildFolderAreMovedInAndShipped) {
  Harness h;
  ASSERT_EQ(h.build(h.options({"config", "bindeb-pkg"})), 0);
  auto m = h.metadata();
  EXPECT_EQ(m["results"]["targets"]["bindeb-pkg"]["status"], "PASS") << m["results"].dump();
  EXPECT_EQ(m["results"]["artifacts"]["bindeb-pkg"],
            nlohmann::json::array({"linux-image-6.1.0_6.1.0-1_amd64.deb", "linux-libc-dev_6.1.0-1_amd64.deb"}));
  EXPECT_TRUE(fs::exists(h.dir / "out/linux-image-6.1.0_6.1.0-1_amd64.deb"));
  EXPECT_FALSE(fs::exists(h.dir / "linux-image-6.1.0_6.1.0-1_amd64.deb"));  // nothing left beside the build folder
  bool dpkg_flags = false;
  for (const auto& argv : h.commands)
    if (std::find(argv.begin(), argv.end(), "bindeb-pkg") != argv.end())
      dpkg_flags = std::find(argv.begin(), argv.end(), "DPKG_FLAGS=-d") != argv.end();
  EXPECT_TRUE(dpkg_flags);
}

TEST(Builder, ATargetThatWritesNextToTheBuildFolderIsSkippedOnTheHost) {
  Harness h;
  Options o = h.options({"config", "bindeb-pkg"});
  o.runtime = "null";
  ASSERT_EQ(h.build(o), 0);
  auto t = h.metadata()["results"]["targets"]["bindeb-pkg"];
  EXPECT_EQ(t["status"], "SKIP");
  EXPECT_NE(t["reason"].get<std::string>().find("-r podman"), std::string::npos) << t.dump();
  auto ran = h.make_targets();
  EXPECT_EQ(std::count(ran.begin(), ran.end(), "bindeb-pkg"), 0);
}

}  // namespace
}  // namespace kbuild

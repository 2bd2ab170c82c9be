// The real kbuild binary rebuilding in a kept build folder (-b): an unchanged
// kconfig plan is not run again, any changed input runs it again.
#include <gtest/gtest.h>

#include <sstream>

#include "tests/integration/kbuild_harness.h"

namespace {

namespace fs = std::filesystem;
using kbuild_it::kbuild;
using testenv::read_file;
using testenv::TempDir;

const std::string kReuseNote = "# kconfig: inputs unchanged, reusing .config (key ";

// A copy of the fake tree (so a test may edit its Kconfig), a fragment and a
// kept build folder, built again and again with the same command.
struct KeptFolder {
  TempDir home;
  fs::path src = home / "linux", build = home / "build", fragment = home / "frag.config";
  KeptFolder() {
    fs::copy(kbuild_it::fake_kernel(), src, fs::copy_options::recursive);
    testenv::write_file(fragment, "CONFIG_FROM_FILE=y\n");
  }
  kbuild_it::Run run(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"-C", src.string(), "-r", "null", "-a", "x86_64", "-o", (home / "out").string(),
                                     "-b", build.string(), "-k", "tinyconfig", "-K", fragment.string(), "-K",
                                     "CONFIG_UNSATISFIABLE_THING=y", "config"};
    args.insert(args.end(), more.begin(), more.end());
    return kbuild(home, args);
  }
};

std::string build_log(const kbuild_it::Run& r) { return read_file(r.out / "build.log"); }

// Whether build.log shows a make command with this target.
bool ran_make(const std::string& log, const std::string& target) {
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("$ make ", 0) == 0 && line.size() > target.size() &&
        line.compare(line.size() - target.size() - 1, std::string::npos, " " + target) == 0)
      return true;
  return false;
}

TEST(KbuildKconfigReuse, UnchangedInputsReuseTheConfigWithTheSameCheck) {
  KeptFolder k;
  auto first = k.run({"-q"});
  ASSERT_EQ(first.code(), 0) << first.result.err;
  std::string log1 = build_log(first);
  EXPECT_TRUE(ran_make(log1, "tinyconfig")) << log1;
  EXPECT_TRUE(ran_make(log1, "olddefconfig")) << log1;
  EXPECT_EQ(log1.find(kReuseNote), std::string::npos);
  auto meta1 = first.metadata();
  std::string config1 = read_file(first.out / "config");

  auto second = k.run({"-d"});
  ASSERT_EQ(second.code(), 0) << second.result.err;
  std::string log2 = build_log(second);
  EXPECT_NE(log2.find(kReuseNote), std::string::npos) << log2;
  EXPECT_FALSE(ran_make(log2, "tinyconfig")) << log2;
  EXPECT_FALSE(ran_make(log2, "olddefconfig")) << log2;
  EXPECT_NE(second.result.err.find("D: kconfig: inputs unchanged, reusing"), std::string::npos) << second.result.err;
  // The kconfig check still runs on the reused .config.
  EXPECT_NE(second.result.err.find("W: kconfig: 1 requested symbol(s) did not survive"), std::string::npos);
  EXPECT_EQ(second.metadata()["kconfig_check"], meta1["kconfig_check"]);
  ASSERT_EQ(meta1["kconfig_check"]["missing"].size(), 1u);
  EXPECT_EQ(read_file(second.out / "config"), config1);
}

TEST(KbuildKconfigReuse, ChangedFragmentKconfigFileOrEditedConfigRunTheStepsAgain) {
  KeptFolder k;
  ASSERT_EQ(k.run({"-q"}).code(), 0);

  testenv::write_file(k.fragment, "CONFIG_FROM_FILE=y\nCONFIG_NEW=y\n");
  auto fragment_changed = k.run({"-q"});
  ASSERT_EQ(fragment_changed.code(), 0) << fragment_changed.result.err;
  EXPECT_TRUE(ran_make(build_log(fragment_changed), "tinyconfig"));
  EXPECT_EQ(build_log(fragment_changed).find(kReuseNote), std::string::npos);
  EXPECT_NE(read_file(fragment_changed.out / "config").find("CONFIG_NEW=y"), std::string::npos);
  EXPECT_NE(build_log(k.run({"-q"})).find(kReuseNote), std::string::npos) << "unchanged again";

  // What checking out another commit does to the tree's Kconfig files.
  testenv::write_file(k.src / "Kconfig", read_file(k.src / "Kconfig") + "config NEW\n\tbool\n");
  auto kconfig_changed = k.run({"-q"});
  ASSERT_EQ(kconfig_changed.code(), 0) << kconfig_changed.result.err;
  EXPECT_TRUE(ran_make(build_log(kconfig_changed), "olddefconfig"));
  EXPECT_EQ(build_log(kconfig_changed).find(kReuseNote), std::string::npos);

  testenv::write_file(k.build / ".config", read_file(k.build / ".config") + "CONFIG_BY_HAND=y\n");
  auto config_edited = k.run({"-q"});
  ASSERT_EQ(config_edited.code(), 0) << config_edited.result.err;
  EXPECT_TRUE(ran_make(build_log(config_edited), "tinyconfig"));
  EXPECT_EQ(read_file(config_edited.out / "config").find("CONFIG_BY_HAND"), std::string::npos);
}

TEST(KbuildKconfigReuse, FailedStepLeavesNoStampBehind) {
  KeptFolder k;
  ASSERT_EQ(k.run({"-q"}).code(), 0);
  EXPECT_TRUE(fs::exists(k.build / "kbuild-kconfig/inputs.key"));
  auto failed = k.run({"-q", "FAKE_FAIL=olddefconfig"});
  EXPECT_EQ(failed.code(), 2);
  EXPECT_FALSE(fs::exists(k.build / "kbuild-kconfig/inputs.key"));
  // The first command again: its stamp is gone, so the steps run.
  auto again = k.run({"-q"});
  ASSERT_EQ(again.code(), 0) << again.result.err;
  EXPECT_TRUE(ran_make(build_log(again), "tinyconfig"));
}

}  // namespace

#include "kbuild/target_scheduler.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kbuild {
namespace {

Target target(const std::string& name, std::vector<std::string> depends = {"config"}) {
  Target t;
  t.name = name;
  t.depends = std::move(depends);
  return t;
}

TEST(TargetScheduler, RunsWhenItsDependenciesPassed) {
  std::map<std::string, Status> status = {{"config", Status::Pass}};
  ScheduleState s;
  s.status_of = &status;
  EXPECT_TRUE(decide_target(target("kernel"), s).run);
  status["config"] = Status::Fail;
  TargetDecision d = decide_target(target("kernel"), s);
  EXPECT_FALSE(d.run);
  EXPECT_TRUE(d.skip);
  EXPECT_EQ(d.reason, "dependency config did not pass");
  EXPECT_TRUE(decide_target(target("config", {}), s).run);
}

TEST(TargetScheduler, InterruptedAndFailFast) {
  std::map<std::string, Status> status = {{"config", Status::Pass}};
  ScheduleState s;
  s.status_of = &status;
  s.interrupted = true;
  TargetDecision d = decide_target(target("kernel"), s);
  EXPECT_FALSE(d.run);
  EXPECT_FALSE(d.skip);  // its status stays as it was
  EXPECT_EQ(d.reason, "interrupted");
  s.interrupted = false;
  s.any_failed = true;
  EXPECT_TRUE(decide_target(target("kernel"), s).run);
  s.fail_fast = true;
  EXPECT_EQ(decide_target(target("kernel"), s).reason, "skipped by --fail-fast after a failure");
}

TEST(TargetScheduler, DtbsAndKconfigPreconditions) {
  std::map<std::string, Status> status = {{"config", Status::Pass}};
  ScheduleState s;
  s.status_of = &status;
  s.arch = "x86_64";
  Target dtbs = target("dtbs");
  dtbs.requires_arch_dtbs = true;
  EXPECT_EQ(decide_target(dtbs, s).reason, "x86_64 has no device trees");
  s.arch_has_dtbs = true;
  EXPECT_TRUE(decide_target(dtbs, s).run);

  Target modules = target("modules");
  modules.requires_config = {"CONFIG_MODULES"};
  modules.takes_external_modules = true;
  int reads = 0;
  s.config = [&] {
    ++reads;
    return std::map<std::string, std::string>{{"CONFIG_MODULES", "n"}};
  };
  TargetDecision d = decide_target(modules, s);
  EXPECT_TRUE(d.skip);
  EXPECT_EQ(d.reason, "CONFIG_MODULES is not set");
  EXPECT_TRUE(d.usage_failure.empty());
  s.external_modules = true;
  d = decide_target(modules, s);
  EXPECT_EQ(d.reason, "CONFIG_MODULES is not set (needed by --external-module)");
  EXPECT_NE(d.usage_failure.find("--external-module needs CONFIG_MODULES=y"), std::string::npos);
  EXPECT_EQ(decide_target(target("kernel"), s).run, true);
  EXPECT_EQ(reads, 2);  // the .config is read only for targets that need it
  s.config = [] { return std::map<std::string, std::string>{{"CONFIG_MODULES", "y"}}; };
  EXPECT_TRUE(decide_target(modules, s).run);
}

TEST(TargetScheduler, ATargetWritingNextToTheBuildFolderRunsOnlyInAContainer) {
  Target t = target("bindeb-pkg");
  t.written_to_parent = "*.deb";
  std::map<std::string, Status> status = {{"config", Status::Pass}};
  ScheduleState s;
  s.status_of = &status;
  TargetDecision host = decide_target(t, s);
  EXPECT_TRUE(host.skip);
  EXPECT_NE(host.reason.find("*.deb"), std::string::npos) << host.reason;
  s.in_container = true;
  EXPECT_TRUE(decide_target(t, s).run);
}

TEST(TargetScheduler, ATargetRunsOnlyWithTheFilesItNeeds) {
  auto dir = std::filesystem::temp_directory_path() / ("sched-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "build");
  std::filesystem::create_directories(dir / "src/scripts");
  Target t = target("decode-stacktrace", {});
  t.requires_build_files = {"vmlinux", "boot_log.txt"};
  t.requires_source_files = {"scripts/decode_stacktrace.sh"};
  ScheduleState s;
  s.build_dir = dir / "build";
  s.source_dir = dir / "src";
  EXPECT_EQ(decide_target(t, s).reason, "vmlinux is not in the build folder");
  std::ofstream(dir / "build/vmlinux") << "v";
  EXPECT_EQ(decide_target(t, s).reason, "boot_log.txt is not in the build folder");
  std::ofstream(dir / "build/boot_log.txt") << "l";
  EXPECT_EQ(decide_target(t, s).reason, "scripts/decode_stacktrace.sh is not in the source tree");
  std::ofstream(dir / "src/scripts/decode_stacktrace.sh") << "s";
  EXPECT_TRUE(decide_target(t, s).run);
  std::filesystem::remove_all(dir);
}

TEST(TargetScheduler, ATargetForOlderTreesSkipsATreeWithTheLineThatReplacesIt) {
  auto dir = std::filesystem::temp_directory_path() / ("sched-line-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Target t = target("dtbs-legacy", {});
  t.skip_when_source_has_line = {{"Makefile", "dtbs_install:"}};
  ScheduleState s;
  s.source_dir = dir;
  std::ofstream(dir / "Makefile") << ".PHONY: dtbs dtbs_install\ndtbs: scripts\n";
  EXPECT_TRUE(decide_target(t, s).run);  // named, but no rule of its own
  std::ofstream(dir / "Makefile", std::ios::app) << "dtbs_install:\n\t$(Q)$(MAKE) ...\n";
  EXPECT_EQ(decide_target(t, s).reason, "the tree's Makefile has dtbs_install:");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kbuild

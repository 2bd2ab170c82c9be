#include "krun/cli/run_options.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun {
namespace {

TEST(RunOptions, TuxRunNamesAndCommands) {
  auto o = parse_run_options({"--device", "qemu-arm64", "--kernel", "https://x/Image.gz", "--overlay", "a.tar:/opt",
                              "--overlay", "b.tar", "--timeouts", "boot=30", "--timeouts", "silence=9",
                              "--parameters", "K=V=W", "--tuxmake", "out", "--bisect", "--", "uname -a",
                              "--", "cat /proc/version"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->device, "qemu-arm64");
  EXPECT_EQ(o->kernel, "https://x/Image.gz");
  EXPECT_EQ(o->overlays, (std::vector<std::string>{"a.tar:/opt", "b.tar"}));
  EXPECT_EQ(o->timeouts.at("boot"), "30");
  EXPECT_EQ(o->timeouts.at("silence"), "9");
  EXPECT_EQ(o->parameters.at("K"), "V=W");
  EXPECT_EQ(o->kbuild_dir, "out");
  EXPECT_TRUE(o->bisect);
  EXPECT_EQ(o->runtime, "null");
  ASSERT_EQ(o->commands.size(), 2u);
  EXPECT_EQ(o->commands[0], "uname -a");
  EXPECT_EQ(o->commands[1], "cat /proc/version");
}

TEST(RunOptions, BadSyntaxIsUsageError) {
  EXPECT_THROW(parse_run_options({"--timeouts", "boot"}), kc::Error);
  EXPECT_THROW(parse_run_options({"--runtime", "docker"}), kc::Error);
  EXPECT_THROW(parse_run_options({"--no-such-option"}), kc::Error);
}

TEST(RunOptions, LavaOptionsGoTogetherAndBasesAreUrls) {
  auto o = parse_run_options({"--lava-definition", "--lava-only", "--lava-url-base", "https://lab.example/jobs/1"});
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->lava);
  EXPECT_TRUE(o->lava_definition.empty());  // the default file in the output folder
  EXPECT_EQ(o->lava_url_base, "https://lab.example/jobs/1");
  EXPECT_THROW(parse_run_options({"--lava-only"}), kc::Error);
  auto message = [](std::vector<std::string> args) {
    try {
      parse_run_options(args);
    } catch (const kc::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"--lava-definition", "job.yaml", "--lava-url-base", "lab/artefacts"})
                .find("--lava-url-base lab/artefacts: not a URL"),
            std::string::npos);
  EXPECT_NE(message({"--kcidb", "k.json", "--kcidb-url-base", "/srv/logs"}).find("--kcidb-url-base /srv/logs: not a URL"),
            std::string::npos);  // the check both tools share (common/kcidb)
}

TEST(RunOptions, KbuildAliasAndTests) {
  auto o = parse_run_options({"--kbuild", "dir", "--tests", "a,b", "--tests", "c"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->kbuild_dir, "dir");
  EXPECT_EQ(o->tests, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace krun

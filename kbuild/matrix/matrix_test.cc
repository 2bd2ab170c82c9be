#include "kbuild/matrix/matrix.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <sstream>

#include "common/errors.h"
#include "kbuild/matrix/matrix_output.h"

namespace kbuild::matrix {
namespace {

Matrix from(const std::string& yaml) { return parse(YAML::Load(yaml), "m.yaml"); }

std::string usage_message(const std::string& yaml) {
  try {
    from(yaml);
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    return e.what();
  }
  return "no error";
}

const char* kTwoByTwo = R"(
arch: [x86_64, arm64]
toolchain: [gcc-12, clang-16]
kconfig: [tinyconfig]
kconfig_add: [CONFIG_PRINTK_TIME=y]
arch_kconfig_add: {x86_64: [devices/fragments/qemu-x86_64.config]}
targets: [config, kernel]
runtime: podman
boot: {x86_64: qemu-x86_64}
krun_args: [--timeouts, boot=300]
exclude: [{arch: arm64, toolchain: clang-16}]
include: [{arch: riscv, toolchain: gcc-12, kconfig: defconfig}]
)";

TEST(MatrixExpand, ProductMinusExcludesPlusIncludesInFileOrder) {
  auto jobs = expand(from(kTwoByTwo));
  std::vector<std::string> names;
  for (const auto& j : jobs) names.push_back(j.name);
  EXPECT_EQ(names, (std::vector<std::string>{"x86_64-gcc-12-tinyconfig", "x86_64-clang-16-tinyconfig",
                                             "arm64-gcc-12-tinyconfig", "riscv-gcc-12-defconfig"}));
}

TEST(MatrixExpand, JobArgvCarriesEverySetting) {
  auto jobs = expand(from(kTwoByTwo));
  EXPECT_EQ(jobs[0].kbuild_args,
            (std::vector<std::string>{"-r", "podman", "-a", "x86_64", "-t", "gcc-12", "-k", "tinyconfig", "-K",
                                      "CONFIG_PRINTK_TIME=y", "-K", "devices/fragments/qemu-x86_64.config", "-o",
                                      "out/x86_64-gcc-12-tinyconfig", "config", "kernel"}));
  EXPECT_EQ(jobs[0].device, "qemu-x86_64");
  EXPECT_EQ(jobs[0].krun_args, (std::vector<std::string>{"--device", "qemu-x86_64", "--kbuild",
                                                         "out/x86_64-gcc-12-tinyconfig", "--timeouts", "boot=300"}));
  EXPECT_TRUE(jobs[2].device.empty());  // arm64 has no boot entry: build only
  EXPECT_TRUE(jobs[2].krun_args.empty());
  EXPECT_EQ(jobs[2].kbuild_args[9], "CONFIG_PRINTK_TIME=y");
  EXPECT_EQ(jobs[2].kbuild_args[10], "-o");  // no x86 fragment on arm64
}

TEST(MatrixExpand, DuplicateIncludeAndPathKconfigNames) {
  auto jobs = expand(from("arch: [x86_64]\ntoolchain: [gcc-12]\nkconfig: [my configs/a.config]\n"
                          "include: [{arch: x86_64, toolchain: gcc-12, kconfig: my configs/a.config}]\n"));
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].name, "x86_64-gcc-12-my_configs_a.config");
  EXPECT_EQ(jobs[0].kbuild_args[5], "my configs/a.config");  // the argv keeps the real value
}

TEST(MatrixParse, ErrorsNameTheFileAndKey) {
  EXPECT_NE(usage_message("arch: [x86_64]\ntoolchain: [gcc-12]\nkconfig: [tinyconfig]\nfoo: 1\n").find(
                "m.yaml: unknown key 'foo'"),
            std::string::npos);
  EXPECT_NE(usage_message("arch: [x86_64]\ntoolchain: [gcc-12]\n").find("at least one value"), std::string::npos);
  EXPECT_NE(usage_message("arch: {a: b}\ntoolchain: [gcc-12]\nkconfig: [t]\n").find("m.yaml: arch must be a list"),
            std::string::npos);
  EXPECT_NE(usage_message("arch: [a]\ntoolchain: [b]\nkconfig: [c]\nexclude: [{cpu: x}]\n").find(
                "exclude[0]: unknown axis 'cpu'"),
            std::string::npos);
  EXPECT_NE(usage_message("include: [{arch: a, toolchain: b}]\n").find("include[0] needs kconfig"),
            std::string::npos);
  EXPECT_NE(usage_message("- a\n- b\n").find("a YAML mapping"), std::string::npos);
}

TEST(MatrixOutput, CommandsGithubJsonAndGitlab) {
  auto jobs = expand(from(kTwoByTwo));
  std::ostringstream commands, github, json, gitlab;
  print_commands(commands, jobs);
  EXPECT_EQ(commands.str().substr(0, commands.str().find('\n')),
            "kbuild -r podman -a x86_64 -t gcc-12 -k tinyconfig -K CONFIG_PRINTK_TIME=y -K "
            "devices/fragments/qemu-x86_64.config -o out/x86_64-gcc-12-tinyconfig config kernel && krun --device "
            "qemu-x86_64 --kbuild out/x86_64-gcc-12-tinyconfig --timeouts boot=300");

  print_github(github, jobs);
  const std::string github_text = github.str();
  EXPECT_EQ(std::count(github_text.begin(), github_text.end(), '\n'), 1);  // one line for $GITHUB_OUTPUT
  auto g = nlohmann::json::parse(github.str());
  ASSERT_EQ(g["include"].size(), 4u);
  EXPECT_EQ(g["include"][3]["name"], "riscv-gcc-12-defconfig");
  EXPECT_EQ(g["include"][3]["krun_command"], "");
  EXPECT_EQ(g["include"][0]["device"], "qemu-x86_64");

  print_json(json, jobs);
  auto a = nlohmann::json::parse(json.str());
  EXPECT_EQ(a[1]["kbuild_args"][5], "clang-16");

  print_gitlab(gitlab, jobs, {".kbuild", "ci/kbuild-job.yml", "build"});
  YAML::Node y = YAML::Load(gitlab.str());
  EXPECT_EQ(y["include"][0]["local"].as<std::string>(), "ci/kbuild-job.yml");
  auto job = y["x86_64-gcc-12-tinyconfig"];
  EXPECT_EQ(job["extends"].as<std::string>(), ".kbuild");
  EXPECT_EQ(job["stage"].as<std::string>(), "build");
  EXPECT_EQ(job["variables"]["KBUILD_MATRIX_ARCH"].as<std::string>(), "x86_64");
  ASSERT_EQ(job["script"].size(), 2u);
  EXPECT_EQ(job["script"][1].as<std::string>().rfind("krun --device qemu-x86_64", 0), 0u);
  EXPECT_EQ(y["arm64-gcc-12-tinyconfig"]["script"].size(), 1u);
  EXPECT_EQ(job["artifacts"]["paths"][0].as<std::string>(), "out/x86_64-gcc-12-tinyconfig");
}

}  // namespace
}  // namespace kbuild::matrix

namespace kbuild::matrix {
namespace {

// The example docs/workflows.md shows must stay valid.
TEST(MatrixExample, DocumentedExampleExpandsToThreeJobs) {
  auto jobs = expand(load(std::filesystem::path(KPROJECT_SOURCE_DIR) / "kbuild/matrix/testdata/example.yaml"));
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[2].name, "arm64-gcc-12-tinyconfig");
  EXPECT_EQ(jobs[2].krun_args.back(), "uname -a");
  EXPECT_EQ(shell_command("krun", jobs[2].krun_args),
            "krun --device qemu-arm64 --kbuild out/arm64-gcc-12-tinyconfig --timeouts boot=300 -- 'uname -a'");
}

}  // namespace
}  // namespace kbuild::matrix

// Real images through real podman: the two images the system kernels use,
// built from nothing on a fresh machine (the base bootstrapped with
// mmdebstrap), checked with --check-environment, resolved a second time
// without work; a changed recipe rebuilds; a recipe naming a package Debian
// lacks fails naming it; an interrupted build leaves nothing tagged.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/container_runtime.h"
#include "common/process.h"
#include "tests/support/test_env.h"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

bool have_tools() { return !kc::find_program("podman").empty() && !kc::find_program("mmdebstrap").empty(); }

kc::ProcessResult podman(const std::vector<std::string>& args) {
  kc::ProcessOptions o;
  o.argv = {"podman"};
  for (const auto& a : kc::podman_global_args()) o.argv.push_back(a);
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.timeout = std::chrono::seconds(120);
  return kc::run_process(o);
}

// {id, recipe-hash label} of a local image, empty when absent.
std::pair<std::string, std::string> inspect(const std::string& ref) {
  auto r = podman({"image", "inspect", ref});
  if (!r.ok()) return {};
  auto doc = nlohmann::json::parse(r.out);
  std::string label;
  if (doc[0].contains("Labels") && doc[0]["Labels"].is_object())
    label = doc[0]["Labels"].value("org.kbuild.recipe-hash", "");
  return {doc[0].value("Id", ""), label};
}

std::string recipe_hash(const std::string& image, const std::map<std::string, std::string>& env = {}) {
  auto show = testenv::run(testenv::kbuild_bin(), {"image", "show", image}, {}, env);
  EXPECT_EQ(show.exit_code, 0) << show.err;
  return show.out.size() > 78 ? show.out.substr(14, 64) : "";
}

fs::path recipes_with(const testenv::TempDir& dir, const std::string& toolchain,
                      const std::string& packages_yaml) {
  fs::path out = dir / "containers";
  fs::remove_all(out);
  fs::copy(testenv::source_dir() / "containers", out, fs::copy_options::recursive);
  testenv::write_file(out / "toolchains" / (toolchain + ".yaml"),
                      "name: " + toolchain + "\nsuite: bookworm\nversion: \"12\"\npackages: " +
                          packages_yaml + "\ncc: [gcc-12]\narches: [x86_64]\n");
  return out;
}

void build_check_and_reuse(const std::string& arch) {
  REQUIRE_OR_SKIP(have_tools(), "podman and mmdebstrap are needed");
  const std::string name = arch + "_gcc-12", ref = "localhost/kbuild/" + name;
  auto build = testenv::run(testenv::kbuild_bin(), {"image", "build", name}, {}, {},
                            std::chrono::seconds(1800));
  ASSERT_EQ(build.exit_code, 0) << build.err;
  auto [id, label] = inspect(ref);
  ASSERT_FALSE(id.empty()) << ref << " missing after a successful build";
  EXPECT_EQ(label, recipe_hash(name));

  auto check = testenv::run(testenv::kbuild_bin(), {"--check-environment", "-a", arch, "-t", "gcc-12"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_TRUE(contains(check.err, "environment OK")) << check.err;

  // A second resolve finds the current image: no build, quick, same image.
  auto start = std::chrono::steady_clock::now();
  auto again = testenv::run(testenv::kbuild_bin(), {"image", "build", name});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_FALSE(contains(again.err, "building")) << again.err;
  EXPECT_LT(seconds, 10.0);
  EXPECT_EQ(inspect(ref).first, id);
}

TEST(ContainersImages, X86_64Gcc12BuildsChecksAndIsReused) { build_check_and_reuse("x86_64"); }

TEST(ContainersImages, Arm64Gcc12BuildsChecksAndIsReused) { build_check_and_reuse("arm64"); }

TEST(ContainersImages, ChangedRecipeRebuildsAndOfflineUsesWhatIsLocal) {
  REQUIRE_OR_SKIP(have_tools(), "podman and mmdebstrap are needed");
  testenv::TempDir dir;
  const std::string name = "x86_64_kbtest-change", ref = "localhost/kbuild/" + name;
  podman({"rmi", "-f", ref});
  std::map<std::string, std::string> env{{"KBUILD_CONTAINERS_DIR", recipes_with(dir, "kbtest-change", "[]").string()}};
  auto first = testenv::run(testenv::kbuild_bin(), {"image", "build", name}, {}, env, std::chrono::seconds(1800));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto [id1, label1] = inspect(ref);
  EXPECT_EQ(label1, recipe_hash(name, env));

  auto same = testenv::run(testenv::kbuild_bin(), {"image", "build", name}, {}, env);
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(inspect(ref).first, id1) << "an unchanged recipe must not rebuild";

  env["KBUILD_CONTAINERS_DIR"] = recipes_with(dir, "kbtest-change", "[hello]").string();
  const std::string new_hash = recipe_hash(name, env);
  ASSERT_NE(new_hash, label1);
  auto list = testenv::run(testenv::kbuild_bin(), {"image", "list"}, {}, env);
  EXPECT_TRUE(contains(list.out, "kbuild/" + name + "  ")) << list.out;
  EXPECT_TRUE(contains(list.out.substr(list.out.find("kbuild/" + name)), "outdated")) << list.out;

  // No network allowed: the outdated local image is used, with a warning.
  auto offline = testenv::run(testenv::kbuild_bin(), {"image", "build", name, "--offline"}, {}, env);
  EXPECT_EQ(offline.exit_code, 0) << offline.err;
  EXPECT_TRUE(contains(offline.err, "W: offline: using the local " + ref)) << offline.err;
  EXPECT_EQ(inspect(ref).first, id1);

  // The network fails during the rebuild (apt in `podman build` goes
  // through a proxy nothing listens on): the outdated image is used, and
  // the error and the fallback are both said.
  auto proxy_env = env;
  proxy_env["http_proxy"] = "http://127.0.0.1:9";
  auto no_net = testenv::run(testenv::kbuild_bin(), {"image", "build", name}, {}, proxy_env,
                             std::chrono::seconds(600));
  EXPECT_EQ(no_net.exit_code, 0) << no_net.err;
  EXPECT_TRUE(contains(no_net.err, "the Debian mirror is unreachable")) << no_net.err;
  EXPECT_TRUE(contains(no_net.err, "W: no network: using the existing local " + ref)) << no_net.err;
  EXPECT_EQ(inspect(ref).first, id1);

  // A registry nobody answers on: said so, then built locally.
  auto rebuilt = testenv::run(testenv::kbuild_bin(), {"image", "build", name, "--registry", "127.0.0.1:9"},
                              {}, env, std::chrono::seconds(1800));
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_TRUE(contains(rebuilt.err, "outdated")) << rebuilt.err;
  EXPECT_TRUE(contains(rebuilt.err, "W: cannot pull 127.0.0.1:9/kbuild/" + name + ":recipe-" +
                                        new_hash.substr(0, 16)))
      << rebuilt.err;
  auto [id2, label2] = inspect(ref);
  EXPECT_NE(id2, id1);
  EXPECT_EQ(label2, new_hash);
  std::vector<std::string> run{"run", "--rm", "--network=none"};
  for (const auto& a : kc::podman_ulimit_args()) run.push_back(a);
  run.insert(run.end(), {ref, "hello"});
  auto check = podman(run);
  EXPECT_TRUE(contains(check.out, "Hello, world!")) << check.err;

  auto rm = testenv::run(testenv::kbuild_bin(), {"image", "rm", name}, {}, env);
  EXPECT_EQ(rm.exit_code, 0) << rm.err;
  EXPECT_TRUE(inspect(ref).first.empty());
}

TEST(ContainersImages, CheckListsWhatIsMissing) {
  REQUIRE_OR_SKIP(have_tools(), "podman and mmdebstrap are needed");
  testenv::TempDir dir;
  fs::path recipes = recipes_with(dir, "kbtest-check", "[]");
  // Same image, but the recipe now expects another version and a tool
  // nobody installed: the check must name both.
  std::string file = (recipes / "toolchains" / "kbtest-check.yaml").string();
  std::string text = testenv::read_file(file);
  text.replace(text.find("version: \"12\""), 13, "version: \"99\"");
  testenv::write_file(file, text + "tools: [kbuild-no-such-tool]\n");
  std::map<std::string, std::string> env{{"KBUILD_CONTAINERS_DIR", recipes.string()}};
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "check", "x86_64_kbtest-check"}, {}, env,
                        std::chrono::seconds(1800));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "E:   missing tool kbuild-no-such-tool")) << r.err;
  EXPECT_TRUE(contains(r.err, "E:   missing version: gcc-12 reports '12', expected 99")) << r.err;
  EXPECT_FALSE(contains(r.err, "missing tool make")) << r.err;
  testenv::run(testenv::kbuild_bin(), {"image", "rm", "x86_64_kbtest-check"}, {}, env);
}

TEST(ContainersImages, PackageDebianLacksIsNamed) {
  REQUIRE_OR_SKIP(have_tools(), "podman and mmdebstrap are needed");
  testenv::TempDir dir;
  const std::string name = "x86_64_kbtest-missing", ref = "localhost/kbuild/" + name;
  std::map<std::string, std::string> env{
      {"KBUILD_CONTAINERS_DIR", recipes_with(dir, "kbtest-missing", "[kbuild-no-such-package]").string()}};
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", name}, {}, env, std::chrono::seconds(1800));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "has no package kbuild-no-such-package")) << r.err;
  auto log_at = r.err.find("full log: ");
  ASSERT_NE(log_at, std::string::npos) << r.err;
  std::string log = r.err.substr(log_at + 10);
  log = log.substr(0, log.find(')'));
  EXPECT_TRUE(contains(testenv::read_file(log), "Unable to locate package kbuild-no-such-package")) << log;
  EXPECT_TRUE(inspect(ref).first.empty()) << "a failed build must not be tagged";
}

TEST(ContainersImages, InterruptedBuildLeavesNothingTagged) {
  REQUIRE_OR_SKIP(have_tools(), "podman and mmdebstrap are needed");
  testenv::TempDir dir;
  const std::string name = "x86_64_kbtest-interrupt", ref = "localhost/kbuild/" + name;
  podman({"rmi", "-f", ref});
  // The package install takes several seconds: stop kbuild (SIGTERM) as
  // soon as it reports that step.
  kc::ProcessOptions o;
  o.argv = {testenv::kbuild_bin().string(), "image", "build", name};
  o.env = {{"KBUILD_CONTAINERS_DIR",
            recipes_with(dir, "kbtest-interrupt", "[gcc-12-aarch64-linux-gnu]").string()}};
  std::string err;
  o.on_stderr = [&err](std::string_view chunk) {
    err.append(chunk);
    return !contains(err, "RUN apt-get update");
  };
  o.timeout = std::chrono::seconds(1800);
  o.kill_grace = std::chrono::seconds(60);  // let kbuild clean up
  auto r = kc::run_process(o);
  ASSERT_TRUE(r.stopped) << "the build ended before the install step: " << err;
  EXPECT_EQ(r.exit_code, 3) << r.describe() << "\n" << err;
  // Our reader stops at the signal, so the final E: line is not seen here;
  // the build log records how the build step ended.
  auto log_at = err.find("(log: ");
  ASSERT_NE(log_at, std::string::npos) << err;
  std::string log = err.substr(log_at + 6);
  log = log.substr(0, log.find(')'));
  EXPECT_TRUE(contains(testenv::read_file(log), "\n# was interrupted")) << log;
  EXPECT_TRUE(inspect(ref).first.empty()) << ref << " must not exist after an interrupted build";
  auto images = podman({"images", "--format", "{{.Repository}}:{{.Tag}}"});
  EXPECT_FALSE(contains(images.out, "kbtest-interrupt")) << images.out;
}

}  // namespace

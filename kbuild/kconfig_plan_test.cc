#include "kbuild/kconfig_plan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <functional>

#include "common/errors.h"
#include "kbuild/kconfig_check.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;
using Kind = KconfigStep::Kind;

struct FakeTree {
  fs::path root = fs::temp_directory_path() / ("kbuild-kconfig-test-" + std::to_string(getpid()));
  FakeTree() {
    fs::create_directories(root / "src/kernel/configs");
    fs::create_directories(root / "src/arch/x86/configs");
    fs::create_directories(root / "cwd");
    fs::create_directories(root / "named");
    write("named/rcutorture.config", "CONFIG_DEBUG_KERNEL=y\nCONFIG_RCU_TORTURE_TEST=m\n");
    write("src/kernel/configs/kvm_guest.config", "CONFIG_VIRTIO=y\n");
    write("src/arch/x86/configs/tiny.config", "# CONFIG_64BIT is not set\n");
    write("src/arch/x86/configs/x86_64_defconfig", "CONFIG_64BIT=y\n");
    write("cwd/frag.config", "CONFIG_A=y\n# CONFIG_B is not set\nnoise\n");
    write("cwd/base.config", "CONFIG_BASE=y\n");
  }
  ~FakeTree() { fs::remove_all(root); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(root / rel) << text; }
  KconfigInputs inputs() {
    KconfigInputs in;
    in.source_dir = root / "src";
    in.cwd = root / "cwd";
    in.srcarch = "x86";
    in.named_fragments_dir = root / "named";
    // A fake fetcher: one known URL, everything else is a 404.
    in.fetch = [](const std::string& url) -> std::string {
      if (url == "http://example.test/f.config") return "CONFIG_NET=y\n";
      throw kc::infra_error("download of " + url + " failed: HTTP 404");
    };
    return in;
  }
};

TEST(KconfigPlan, LoneMakeTargetBaseNeedsNoOlddefconfig) {
  FakeTree t;
  KconfigPlan p = plan_kconfig("tinyconfig", {}, t.inputs());
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].kind, Kind::MakeTarget);
  EXPECT_EQ(p.steps[0].make_target, "tinyconfig");
  EXPECT_TRUE(p.requested.empty());
  // With anything added, olddefconfig resolves the result.
  KconfigPlan q = plan_kconfig("tinyconfig", {"CONFIG_X=y"}, t.inputs());
  ASSERT_EQ(q.steps.size(), 3u);
  EXPECT_EQ(q.steps[2].kind, Kind::Olddefconfig);
  KconfigPlan r = plan_kconfig("tinyconfig", {"make:kvm_guest.config"}, t.inputs());
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[2].kind, Kind::Olddefconfig);
}

TEST(KconfigPlan, FileInTreePathAndUrlBases) {
  FakeTree t;
  EXPECT_EQ(plan_kconfig("base.config", {}, t.inputs()).steps[0].content, "CONFIG_BASE=y\n");
  EXPECT_EQ(plan_kconfig("arch/x86/configs/x86_64_defconfig", {}, t.inputs()).steps[0].content, "CONFIG_64BIT=y\n");
  KconfigPlan u = plan_kconfig("http://example.test/f.config", {}, t.inputs());
  EXPECT_EQ(u.steps[0].kind, Kind::CopyBase);
  EXPECT_EQ(u.steps[0].content, "CONFIG_NET=y\n");
}

TEST(KconfigPlan, ConsecutiveFragmentsMergeTogetherAndMakeTargetsKeepOrder) {
  FakeTree t;
  KconfigPlan p = plan_kconfig("defconfig",
                               {"frag.config", "CONFIG_C=m", "kvm_guest.config", "# CONFIG_D is not set",
                                "make:kselftest-merge", "http://example.test/f.config"},
                               t.inputs());
  ASSERT_EQ(p.steps.size(), 7u);
  EXPECT_EQ(p.steps[1].kind, Kind::Merge);
  EXPECT_EQ(p.steps[1].fragment_names, (std::vector<std::string>{"001.config", "002.config"}));
  EXPECT_EQ(p.steps[2].kind, Kind::MakeTarget);
  EXPECT_EQ(p.steps[2].make_target, "kvm_guest.config");
  EXPECT_EQ(p.steps[3].kind, Kind::Merge);
  EXPECT_EQ(p.steps[4].make_target, "kselftest-merge");
  EXPECT_EQ(p.steps[5].kind, Kind::Merge);
  EXPECT_EQ(p.steps[6].kind, Kind::Olddefconfig);
  ASSERT_EQ(p.fragments.size(), 4u);
  EXPECT_EQ(p.fragments[1].content, "CONFIG_C=m\n");
  std::map<std::string, std::string> req;
  for (const auto& r : p.requested) req[r.symbol] = r.value;
  EXPECT_EQ(req, (std::map<std::string, std::string>{{"CONFIG_A", "y"}, {"CONFIG_B", "n"}, {"CONFIG_C", "m"},
                                                     {"CONFIG_VIRTIO", "y"}, {"CONFIG_D", "n"}, {"CONFIG_NET", "y"}}));
}

TEST(KconfigPlan, LaterRequestWins) {
  FakeTree t;
  KconfigPlan p = plan_kconfig("defconfig", {"CONFIG_A=y", "# CONFIG_A is not set"}, t.inputs());
  ASSERT_EQ(p.requested.size(), 1u);
  EXPECT_EQ(p.requested[0].value, "n");
}

TEST(KconfigPlan, ConfigLinesOfAnyLengthAndWhatIsNotOne) {
  const std::string cmdline(200 * 1024, 'c');
  auto symbols = parse_config_symbols("CONFIG_CMDLINE=\"" + cmdline + "\"\r\n# CONFIG_B is not set\nCONFIG_=y\n"
                                      "# CONFIG_C is set\nCONFIG_D y\nCONFIG_E=\n");
  EXPECT_EQ(symbols.at("CONFIG_CMDLINE"), "\"" + cmdline + "\"");
  EXPECT_EQ(symbols.at("CONFIG_B"), "n");
  EXPECT_EQ(symbols.at("CONFIG_E"), "");
  EXPECT_EQ(symbols.size(), 3u);
  EXPECT_TRUE(is_inline_config_line("CONFIG_X=m"));
  EXPECT_TRUE(is_inline_config_line("# CONFIG_X is not set"));
  EXPECT_FALSE(is_inline_config_line("CONFIG_X"));
  EXPECT_FALSE(is_inline_config_line("#CONFIG_X is not set"));
  EXPECT_FALSE(is_inline_config_line("kvm_guest.config"));
}

// `-K NAME`: the project's named fragments (device and suite fragments).
TEST(KconfigPlan, NamedFragmentsFromTheProjectsData) {
  FakeTree t;
  KconfigPlan p = plan_kconfig("tinyconfig", {"rcutorture"}, t.inputs());
  ASSERT_EQ(p.fragments.size(), 1u);
  EXPECT_EQ(p.fragments[0].content, "CONFIG_DEBUG_KERNEL=y\nCONFIG_RCU_TORTURE_TEST=m\n");
  ASSERT_EQ(p.requested.size(), 2u);
  EXPECT_EQ(p.requested[1].symbol, "CONFIG_RCU_TORTURE_TEST");
  EXPECT_EQ(p.requested[1].origin, "rcutorture");
  try {
    plan_kconfig("tinyconfig", {"kasn"}, t.inputs());
    ADD_FAILURE() << "an unknown name was accepted";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("-K kasn: no such named fragment; known: rcutorture"), std::string::npos)
        << e.what();
  }
}

TEST(KconfigPlan, BadInputs) {
  FakeTree t;
  auto kind_of = [&](const std::string& k, std::vector<std::string> adds) {
    try {
      plan_kconfig(k, adds, t.inputs());
    } catch (const kc::Error& e) {
      return e.kind();
    }
    return kc::ErrorKind::Incomplete;  // "did not throw"
  };
  EXPECT_EQ(kind_of("defconfig", {"/no/such/frag.config"}), kc::ErrorKind::Usage);
  EXPECT_EQ(kind_of("defconfig", {"missing.config"}), kc::ErrorKind::Usage);
  EXPECT_EQ(kind_of("defconfig", {"CONFIG_lower"}), kc::ErrorKind::Usage);
  EXPECT_EQ(kind_of("defconfig", {"make:"}), kc::ErrorKind::Usage);
  EXPECT_EQ(kind_of("defconfig", {"http://example.test/404.config"}), kc::ErrorKind::Infrastructure);
  EXPECT_EQ(kind_of("no/such/file", {}), kc::ErrorKind::Usage);
  EXPECT_EQ(kind_of("defconfig", {"file:///no/such.config"}), kc::ErrorKind::Usage);
}

TEST(KconfigCheck, ReportsSymbolsThatDidNotSurvive) {
  std::vector<RequestedSymbol> req = {{"CONFIG_A", "y", "-K a"}, {"CONFIG_B", "n", "-K b"},
                                      {"CONFIG_C", "m", "-K c"}, {"CONFIG_D", "y", "-K d"}};
  auto final_config = parse_config_symbols("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=y\n");
  auto missing = check_kconfig(req, final_config);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].requested.symbol, "CONFIG_C");
  EXPECT_EQ(missing[0].actual, "y");
  EXPECT_EQ(missing[1].requested.symbol, "CONFIG_D");
  EXPECT_EQ(missing[1].actual, "n");
  auto j = kconfig_check_json(req, missing);
  EXPECT_EQ(j["requested"], 4);
  EXPECT_EQ(j["missing"][1]["symbol"], "CONFIG_D");
}

}  // namespace
}  // namespace kbuild

namespace kbuild {
namespace {

// A value too long to be a file name (ENAMETOOLONG) is a usage error, like
// any other -K or --kconfig that is nothing kbuild knows, not an
// infrastructure failure.
TEST(KconfigPlan, ANameTooLongForAPathIsAUsageError) {
  FakeTree t;
  std::string long_name(300, 'a');
  for (auto plan : {std::function<void()>([&] { plan_kconfig("tinyconfig", {long_name}, t.inputs()); }),
                    std::function<void()>([&] { plan_kconfig(long_name, {}, t.inputs()); })}) {
    try {
      plan();
      ADD_FAILURE() << "accepted";
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage) << e.what();
    }
  }
}

}  // namespace
}  // namespace kbuild

#include "kbuild/options.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "common/errors.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

struct ConfigDir {
  fs::path path = fs::temp_directory_path() / ("kbuild-options-test-" + std::to_string(getpid()));
  ConfigDir() { fs::create_directories(path); }
  ~ConfigDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) { std::ofstream(path / name) << text; }
};

Options parse(const std::vector<std::string>& args, const fs::path& dir = "/nonexistent") {
  return parse_options(args, dir).options;
}

TEST(Options, DefaultsMatchTuxMake) {
  Options o = parse({});
  EXPECT_EQ(o.toolchain, "gcc");
  EXPECT_EQ(o.kconfig, "defconfig");
  EXPECT_EQ(o.runtime, "podman");
  EXPECT_EQ(o.wrapper, "none");
  EXPECT_EQ(o.compression_type, "xz");
  EXPECT_TRUE(o.targets.empty());
}

TEST(Options, ShortAndLongNames) {
  Options o = parse({"-C", "/src", "-a", "arm64", "-t", "clang-16", "-k", "tinyconfig", "-K", "CONFIG_X=y",
                     "--kconfig-add", "kvm_guest.config", "-r", "null", "-w", "ccache", "-e", "A=b", "-j", "3",
                     "-o", "/out", "-b", "/bld", "-F", "-z", "none", "-I", "Image", "--results-hook", "true",
                     "--pre-build-hook", "echo pre", "--post-build-hook", "echo post", "--bisect", "-q"});
  EXPECT_EQ(o.directory, "/src");
  EXPECT_EQ(o.target_arch, "arm64");
  EXPECT_EQ(o.toolchain, "clang-16");
  EXPECT_EQ(o.kconfig, "tinyconfig");
  EXPECT_EQ(o.kconfig_add, (std::vector<std::string>{"CONFIG_X=y", "kvm_guest.config"}));
  EXPECT_EQ(o.runtime, "null");
  EXPECT_EQ(o.wrapper, "ccache");
  EXPECT_EQ(o.environment.at("A"), "b");
  EXPECT_EQ(o.jobs, 3);
  EXPECT_EQ(o.output_dir, "/out");
  EXPECT_EQ(o.build_dir, "/bld");
  EXPECT_TRUE(o.fail_fast);
  EXPECT_EQ(o.compression_type, "none");
  EXPECT_EQ(o.kernel_image, "Image");
  EXPECT_EQ(o.results_hooks, std::vector<std::string>{"true"});
  EXPECT_EQ(o.pre_build_hooks, std::vector<std::string>{"echo pre"});
  EXPECT_EQ(o.post_build_hooks, std::vector<std::string>{"echo post"});
  EXPECT_TRUE(o.bisect);
  EXPECT_TRUE(o.quiet);
}

TEST(Options, RepeatedOptionTakesOneValueEach) {
  Options o = parse({"-K", "CONFIG_A=y", "kernel", "-K", "# CONFIG_B is not set", "modules"});
  EXPECT_EQ(o.kconfig_add, (std::vector<std::string>{"CONFIG_A=y", "# CONFIG_B is not set"}));
  EXPECT_EQ(o.targets, (std::vector<std::string>{"kernel", "modules"}));
}

TEST(Options, PositionalsSplitIntoTargetsAndMakeVariables) {
  Options o = parse({"kernel", "W=1", "modules", "KCFLAGS=-Werror"});
  EXPECT_EQ(o.targets, (std::vector<std::string>{"kernel", "modules"}));
  EXPECT_EQ(o.make_variables.at("W"), "1");
  EXPECT_EQ(o.make_variables.at("KCFLAGS"), "-Werror");
  EXPECT_EQ(o.make_variable_order, (std::vector<std::string>{"W", "KCFLAGS"}));
}

// The kernel's per-object flags are make variables too; an environment
// variable (-e) keeps the stricter shell name.
TEST(Options, PerObjectFlagsAreMakeVariables) {
  Options o = parse({"CFLAGS_traps.o=-include linux/bitfield.h", "CFLAGS_REMOVE_ftrace-x.o=-pg", "kernel"});
  EXPECT_EQ(o.targets, (std::vector<std::string>{"kernel"}));
  EXPECT_EQ(o.make_variables.at("CFLAGS_traps.o"), "-include linux/bitfield.h");
  EXPECT_EQ(o.make_variables.at("CFLAGS_REMOVE_ftrace-x.o"), "-pg");
  EXPECT_THROW(parse({"-e", "A.B=1"}), kc::Error);
}

// A value of any length: a 200 KB KCFLAGS or -e value once overflowed the
// stack in std::regex.
TEST(Options, HugeMakeVariableAndEnvironmentValues) {
  const std::string huge(200 * 1024, 'x');
  Options o = parse({"kernel", "KCFLAGS=" + huge, "-e", "FOO=" + huge});
  EXPECT_EQ(o.make_variables.at("KCFLAGS"), huge);
  EXPECT_EQ(o.targets, (std::vector<std::string>{"kernel"}));
  EXPECT_THROW(parse({"-e", "9FOO=x"}), kc::Error);
  EXPECT_THROW(parse({"-e", "=x"}), kc::Error);
}

TEST(Options, RefusesMakeVariablesKbuildOwns) {
  for (const char* v : {"ARCH=arm", "O=/tmp", "CC=clang", "CROSS_COMPILE=x-", "LLVM=1"}) {
    try {
      parse({v});
      FAIL() << v;
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
      EXPECT_NE(std::string(e.what()).find("set by kbuild"), std::string::npos);
    }
  }
}

TEST(Options, BadValuesAreUsageErrors) {
  EXPECT_THROW(parse({"-w", "icecream"}), kc::Error);
  EXPECT_THROW(parse({"-z", "lzma"}), kc::Error);
  EXPECT_THROW(parse({"-j", "0"}), kc::Error);
  EXPECT_THROW(parse({"--no-such-option"}), kc::Error);
  EXPECT_THROW(parse({"-e", "novalue"}), kc::Error);
}

TEST(Options, HelpDocumentsEveryOption) {
  ParseOutcome out = parse_options({"--help"}, "/nonexistent");
  EXPECT_TRUE(out.exit_now);
  for (const char* opt : {"--directory", "--target-arch", "--toolchain", "--kconfig", "--kconfig-add", "--runtime",
                          "--image", "--wrapper", "--environment", "--jobs", "--output-dir", "--build-dir",
                          "--quiet", "--verbose", "--debug", "--fail-fast", "--compression-type", "--kernel-image",
                          "--results-hook", "--pre-build-hook", "--post-build-hook", "--list-architectures",
                          "--list-toolchains", "--print-support-matrix", "--check-environment", "--bisect",
                          "--external-module"})
    EXPECT_NE(out.help_text.find(opt), std::string::npos) << opt;
}

TEST(Options, DefaultConfigFileIsReadFirst) {
  ConfigDir dir;
  dir.write("default", "-a arm64   # comment\n-t clang-16\n");
  Options o = parse({"-t", "gcc-12"}, dir.path);
  EXPECT_EQ(o.target_arch, "arm64");
  EXPECT_EQ(o.toolchain, "gcc-12");  // the command line wins
}

TEST(Options, NamedConfigFileReplacesDefault) {
  ConfigDir dir;
  dir.write("default", "-a arm64\n");
  dir.write("tiny", "-k tinyconfig -K 'CONFIG_FOO=y' kernel\n");
  Options o = parse({"@tiny"}, dir.path);
  EXPECT_EQ(o.target_arch, "");
  EXPECT_EQ(o.kconfig, "tinyconfig");
  EXPECT_EQ(o.kconfig_add, std::vector<std::string>{"CONFIG_FOO=y"});
  EXPECT_EQ(o.targets, std::vector<std::string>{"kernel"});
  EXPECT_THROW(parse({"@missing"}, dir.path), kc::Error);
}

TEST(Options, ConfigWordsHonourQuotesAndComments) {
  EXPECT_EQ(split_config_words("a 'b c' \"d\" # e f\ng"), (std::vector<std::string>{"a", "b c", "d", "g"}));
  EXPECT_EQ(split_config_words("-K '# CONFIG_X is not set'"),
            (std::vector<std::string>{"-K", "# CONFIG_X is not set"}));
  EXPECT_THROW(split_config_words("'open"), kc::Error);
}

TEST(Options, ReproducerRoundTrips) {
  Options o = parse({"-a", "arm64", "-t", "gcc-12", "-k", "tinyconfig", "-K", "CONFIG_A=y", "-r", "null",
                     "kernel", "W=1"});
  std::vector<std::string> argv = reproducer_argv(o);
  ASSERT_EQ(argv.front(), "kbuild");
  Options again = parse(std::vector<std::string>(argv.begin() + 1, argv.end()));
  EXPECT_EQ(again.target_arch, "arm64");
  EXPECT_EQ(again.kconfig_add, o.kconfig_add);
  EXPECT_EQ(again.targets, o.targets);
  EXPECT_EQ(again.make_variables, o.make_variables);
}

TEST(Options, ExternalModulesRepeatInOrder) {
  Options o = parse({"--external-module", "drv/a", "kernel", "--external-module", "/abs/b", "modules"});
  EXPECT_EQ(o.external_modules, (std::vector<fs::path>{"drv/a", "/abs/b"}));
  EXPECT_EQ(o.targets, (std::vector<std::string>{"kernel", "modules"}));
}

TEST(Options, ExternalModulesWithDefaultTargetsAreAccepted) {
  // The default targets include modules.
  EXPECT_EQ(parse({"--external-module", "hello"}).external_modules, std::vector<fs::path>{"hello"});
}

TEST(Options, ExternalModulesNeedTheModulesTarget) {
  try {
    parse({"--external-module", "hello", "kernel", "headers"});
    FAIL() << "no usage error";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("add `modules`"), std::string::npos) << e.what();
  }
}

TEST(Options, ExternalModulesRefuseAnEmptyFolderOrAUserM) {
  EXPECT_THROW(parse({"--external-module", ""}), kc::Error);
  EXPECT_THROW(parse({"--external-module", "hello", "modules", "M=/elsewhere"}), kc::Error);
  EXPECT_THROW(parse({"--external-module", "hello", "KBUILD_EXTMOD=/elsewhere"}), kc::Error);
  // Without --external-module, M= stays the user's business.
  EXPECT_EQ(parse({"modules", "M=drivers/foo"}).make_variables.at("M"), "drivers/foo");
}

TEST(Options, ReproducerKeepsExternalModules) {
  Options o = parse({"-r", "null", "--external-module", "/src/a", "--external-module", "/src/b", "modules"});
  std::vector<std::string> argv = reproducer_argv(o);
  Options again = parse(std::vector<std::string>(argv.begin() + 1, argv.end()));
  EXPECT_EQ(again.external_modules, o.external_modules);
}

}  // namespace
}  // namespace kbuild

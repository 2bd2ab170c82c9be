#pragma once
// The make command lines kbuild runs: ARCH, CROSS_COMPILE, CC/LLVM from the
// arch and toolchain data, the compiler wrapper, O= at the build folder, the
// user's KEY=VALUE variables, and the fixed environment that makes builds
// reproducible. Pure functions, so the exact command lines are unit tested.
#include <map>
#include <string>
#include <vector>

#include "kbuild/catalog.h"

namespace kbuild {

struct MakeContext {
  Arch arch;
  Toolchain toolchain;
  std::string host_machine;          // `uname -m` where the build runs
  std::string wrapper = "none";      // none | ccache | sccache | distcc
  std::string source_dir;            // runtime paths (inside the container for podman)
  std::string build_dir;
  int jobs = 1;
  std::map<std::string, std::string> user_variables;
  std::vector<std::string> user_variable_order;
};

// CROSS_COMPILE prefix in effect: empty when building natively.
std::string effective_cross_compile(const MakeContext& c);

// Variables kbuild itself sets (ARCH, CROSS_COMPILE, CC or LLVM, arch extras),
// in a stable order.
std::vector<std::pair<std::string, std::string>> toolchain_variables(const MakeContext& c);

// make -C <src> O=<build> -j<N> <kbuild vars> <extra vars> <user vars> <targets>
std::vector<std::string> make_argv(const MakeContext& c, const std::vector<std::string>& targets,
                                   const std::map<std::string, std::string>& extra_variables = {});

// The same command for an out-of-tree module: M=<module_dir> (a path where
// the build runs, absolute as the kernel wants it with O=) after kbuild's
// and the extra variables, then the user's variables and the targets.
std::vector<std::string> external_module_make_argv(const MakeContext& c, const std::string& module_dir,
                                                   const std::vector<std::string>& targets,
                                                   std::map<std::string, std::string> extra_variables = {});

// The C compiler command (without wrapper), e.g. "aarch64-linux-gnu-gcc-12" or "clang".
std::string compiler_command(const MakeContext& c);

// Environment for every build command: LANG/LC_ALL=C, KBUILD_BUILD_TIMESTAMP/
// USER/HOST/VERSION, SOURCE_DATE_EPOCH; user -e values are added by the caller.
std::map<std::string, std::string> reproducible_environment(long long timestamp_epoch);

// "Thu Jan  1 00:00:00 UTC 1970" style, as `date` prints it in UTC.
std::string format_build_timestamp(long long epoch);

}  // namespace kbuild

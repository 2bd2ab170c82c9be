#include "kbuild/make_command.h"

#include <algorithm>
#include <ctime>

namespace kbuild {

std::string effective_cross_compile(const MakeContext& c) {
  const auto& native = c.arch.native_machines;
  if (std::find(native.begin(), native.end(), c.host_machine) != native.end()) return "";
  return c.arch.cross_compile;
}

std::string compiler_command(const MakeContext& c) {
  std::map<std::string, std::string> vars = {{"cross_compile", effective_cross_compile(c)}};
  auto it = c.toolchain.make_variables.find("CC");
  if (it != c.toolchain.make_variables.end()) return expand_template(it->second, vars);
  // LLVM=1 picks clang (LLVM=-16 would pick clang-16).
  return c.toolchain.version.empty() ? "clang" : "clang-" + c.toolchain.version;
}

std::vector<std::pair<std::string, std::string>> toolchain_variables(const MakeContext& c) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("ARCH", c.arch.arch);
  std::string cross = effective_cross_compile(c);
  if (!cross.empty()) out.emplace_back("CROSS_COMPILE", cross);
  for (const auto& [k, v] : c.arch.make_variables) out.emplace_back(k, v);
  std::map<std::string, std::string> vars = {{"cross_compile", cross}};
  bool has_cc = false;
  for (const auto& [k, v] : c.toolchain.make_variables) {
    std::string value = expand_template(v, vars);
    if (k == "CC") {
      has_cc = true;
      if (c.wrapper != "none") value = c.wrapper + " " + value;
    }
    out.emplace_back(k, value);
  }
  if (!has_cc && c.wrapper != "none") out.emplace_back("CC", c.wrapper + " " + compiler_command(c));
  return out;
}

std::vector<std::string> make_argv(const MakeContext& c, const std::vector<std::string>& targets,
                                   const std::map<std::string, std::string>& extra) {
  std::vector<std::string> argv = {"make", "--no-print-directory", "-C", c.source_dir, "O=" + c.build_dir,
                                   "-j" + std::to_string(std::max(1, c.jobs))};
  for (const auto& [k, v] : toolchain_variables(c)) argv.push_back(k + "=" + v);
  for (const auto& [k, v] : extra) argv.push_back(k + "=" + v);
  for (const auto& k : c.user_variable_order) argv.push_back(k + "=" + c.user_variables.at(k));
  argv.insert(argv.end(), targets.begin(), targets.end());
  return argv;
}

std::vector<std::string> external_module_make_argv(const MakeContext& c, const std::string& module_dir,
                                                   const std::vector<std::string>& targets,
                                                   std::map<std::string, std::string> extra) {
  extra["M"] = module_dir;
  return make_argv(c, targets, extra);
}

std::string format_build_timestamp(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S UTC %Y", &tm);
  return buf;
}

std::map<std::string, std::string> reproducible_environment(long long epoch) {
  return {{"LANG", "C"},
          {"LC_ALL", "C"},
          {"TZ", "UTC"},
          {"KBUILD_BUILD_TIMESTAMP", format_build_timestamp(epoch)},
          {"KBUILD_BUILD_USER", "kbuild"},
          {"KBUILD_BUILD_HOST", "kbuild"},
          // The "#N" in the version string; otherwise it counts rebuilds in a build dir.
          {"KBUILD_BUILD_VERSION", "1"},
          {"SOURCE_DATE_EPOCH", std::to_string(epoch)}};
}

}  // namespace kbuild

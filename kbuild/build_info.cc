#include "kbuild/build_info.h"

#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <regex>
#include <sstream>

#include "common/process.h"
#include "common/text_lines.h"

namespace kbuild {

namespace fs = std::filesystem;

namespace {

kc::ProcessResult host_git(const fs::path& src, std::vector<std::string> args) {
  kc::ProcessOptions o;
  // The tree may belong to another user (root building a user's checkout).
  o.argv = {"git", "-c", "safe.directory=*", "-C", src.string()};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.timeout = std::chrono::seconds(30);
  o.ignore_interrupts = true;
  return kc::run_process(o);
}

kc::ProcessResult in_runtime(kc::ContainerRuntime& rt, std::vector<std::string> argv) {
  kc::ProcessOptions o;
  o.argv = std::move(argv);
  o.timeout = std::chrono::seconds(60);
  return rt.exec(o);
}

}  // namespace

std::optional<long long> last_commit_epoch(const fs::path& src) {
  if (kc::find_program("git").empty()) return std::nullopt;
  // Only when the kernel tree itself is the top of a git tree: a tree
  // unpacked inside some other repository must not take that one's date.
  auto top = host_git(src, {"rev-parse", "--show-toplevel"});
  if (!top.ok()) return std::nullopt;
  std::error_code ec;
  if (!fs::equivalent(fs::path(kc::first_line(top.out)), src, ec)) return std::nullopt;
  auto r = host_git(src, {"log", "-1", "--format=%ct"});
  if (!r.ok() || r.out.empty()) return std::nullopt;
  try {
    return std::stoll(r.out);
  } catch (...) {
    return std::nullopt;
  }
}

nlohmann::json git_info(const fs::path& src) {
  if (!last_commit_epoch(src)) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::object();
  if (auto r = host_git(src, {"rev-parse", "HEAD"}); r.ok()) j["commit"] = kc::first_line(r.out);
  if (auto r = host_git(src, {"describe", "--always", "--dirty"}); r.ok()) j["describe"] = kc::first_line(r.out);
  if (auto r = host_git(src, {"log", "-1", "--format=%s"}); r.ok()) j["subject"] = kc::first_line(r.out);
  if (auto r = host_git(src, {"rev-parse", "--abbrev-ref", "HEAD"}); r.ok()) j["branch"] = kc::first_line(r.out);
  if (auto r = host_git(src, {"config", "--get", "remote.origin.url"}); r.ok() && !r.out.empty())
    j["url"] = kc::first_line(r.out);
  return j;
}

nlohmann::json hardware_info(const fs::path& build_dir) {
  nlohmann::json j;
  j["cpus"] = sysconf(_SC_NPROCESSORS_ONLN);
  j["ram"] = static_cast<long long>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE) / (1024 * 1024);
  struct statvfs st{};
  if (statvfs(build_dir.c_str(), &st) == 0)
    j["free_disk_space"] = static_cast<long long>(st.f_bavail) * st.f_frsize / (1024 * 1024);
  return j;
}

nlohmann::json uname_info() {
  struct utsname u{};
  if (uname(&u) != 0) return nlohmann::json::object();
  return {{"kernel_name", u.sysname}, {"kernel_release", u.release}, {"kernel_version", u.version},
          {"machine", u.machine}, {"operating_system", "GNU/Linux"}};
}

nlohmann::json compiler_info(kc::ContainerRuntime& rt, const MakeContext& ctx) {
  auto r = in_runtime(rt, {compiler_command(ctx), "--version"});
  if (!r.ok()) return nlohmann::json::object();
  std::string full(kc::first_line(r.out));
  std::smatch m;
  std::string version;
  static const std::regex v("([0-9]+\\.[0-9]+(\\.[0-9]+)?)");
  if (std::regex_search(full, m, v)) version = m[1];
  return {{"name", ctx.toolchain.compiler_name.empty() ? ctx.toolchain.family : ctx.toolchain.compiler_name},
          {"version", version}, {"version_full", full}};
}

nlohmann::json os_info(kc::ContainerRuntime& rt) {
  auto r = in_runtime(rt, {"cat", "/etc/os-release"});
  nlohmann::json j = nlohmann::json::object();
  if (!r.ok()) return j;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (k == "NAME") j["name"] = v;
    if (k == "VERSION_ID") j["version"] = v;
  }
  return j;
}

nlohmann::json tools_info(kc::ContainerRuntime& rt, const MakeContext& ctx) {
  nlohmann::json j = nlohmann::json::object();
  const std::map<std::string, std::string> vars = {{"cross_compile", effective_cross_compile(ctx)}};
  std::vector<std::pair<std::string, std::string>> tools = {
      {"make", "make"}, {"ld", expand_template(ctx.toolchain.linker, vars)},
      {"bison", "bison"}, {"flex", "flex"}, {"tar", "tar"}};
  if (ctx.wrapper != "none") tools.emplace_back(ctx.wrapper, ctx.wrapper);
  for (const auto& [name, program] : tools) {
    auto r = in_runtime(rt, {program, "--version"});
    if (r.ok()) j[name] = kc::first_line(r.out);
  }
  return j;
}

nlohmann::json parse_size_output(const std::string& out) {
  std::istringstream in(out);
  std::string header, values;
  std::getline(in, header);
  std::getline(in, values);
  std::istringstream v(values);
  long long text = 0, data = 0, bss = 0;
  if (!(v >> text >> data >> bss)) return nlohmann::json::object();
  return {{"text", text}, {"data", data}, {"bss", bss}};
}

nlohmann::json vmlinux_info(kc::ContainerRuntime& rt, const MakeContext& ctx, const fs::path& host_build) {
  if (!fs::exists(host_build / "vmlinux")) return nlohmann::json::object();
  std::string size = expand_template(ctx.toolchain.size_tool, {{"cross_compile", effective_cross_compile(ctx)}});
  auto r = in_runtime(rt, {size, ctx.build_dir + "/vmlinux"});
  return r.ok() ? parse_size_output(r.out) : nlohmann::json::object();
}

}  // namespace kbuild

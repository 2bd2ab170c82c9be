#include "kbuild/build_info.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <regex>
#include <set>
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
  auto put = [&](const char* key, std::vector<std::string> args) {
    if (auto r = host_git(src, std::move(args)); r.ok() && !kc::first_line(r.out).empty())
      j[key] = kc::first_line(r.out);
  };
  // TuxMake's four keys; the branch only when HEAD is on one.
  put("git_commit", {"rev-parse", "HEAD"});
  put("git_describe", {"describe", "--tags", "--always", "--dirty"});
  put("git_branch", {"symbolic-ref", "--short", "-q", "HEAD"});
  put("git_url", {"config", "--get", "remote.origin.url"});
  put("git_subject", {"log", "-1", "--format=%s"});
  return j;
}

nlohmann::json hardware_info(const fs::path& build_dir) {
  nlohmann::json j;
  j["cores"] = sysconf(_SC_NPROCESSORS_ONLN);
  j["ram"] = static_cast<long long>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE) / (1024 * 1024);
  struct statvfs st{};
  if (statvfs(build_dir.c_str(), &st) == 0)
    j["free_disk_space"] = static_cast<long long>(st.f_bavail) * st.f_frsize / (1024 * 1024);
  return j;
}

nlohmann::json uname_info() {
  struct utsname u{};
  if (uname(&u) != 0) return nlohmann::json::object();
  return {{"kernel", u.sysname}, {"kernel_release", u.release}, {"kernel_version", u.version},
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
  return {{"text_size", text}, {"data_size", data}, {"bss_size", bss}};
}

nlohmann::json vmlinux_info(kc::ContainerRuntime& rt, const MakeContext& ctx, const fs::path& host_build) {
  if (!fs::exists(host_build / "vmlinux")) return nlohmann::json::object();
  std::string size = expand_template(ctx.toolchain.size_tool, {{"cross_compile", effective_cross_compile(ctx)}});
  auto r = in_runtime(rt, {size, ctx.build_dir + "/vmlinux"});
  nlohmann::json j = r.ok() ? parse_size_output(r.out) : nlohmann::json::object();
  std::error_code ec;
  auto bytes = fs::file_size(host_build / "vmlinux", ec);
  if (!ec) j["file_size"] = static_cast<long long>(bytes);
  return j;
}

nlohmann::json source_info(kc::ContainerRuntime& rt, const MakeContext& ctx, const std::string& host_source_dir) {
  nlohmann::json j = {{"kernel_tree", host_source_dir}};
  for (const char* what : {"kernelversion", "kernelrelease"}) {
    auto r = in_runtime(rt, make_argv(ctx, {"--no-print-directory", "-s", what}));
    std::string_view last;  // make's answer is its last line
    kc::for_each_line(r.out, [&](std::string_view line) {
      if (!line.empty()) last = line;
    });
    if (r.ok() && !last.empty()) j[what] = std::string(last);
  }
  return j;
}

std::optional<std::string> text_offset(const std::string& system_map) {
  std::istringstream in(system_map);
  std::string address, type, symbol;
  for (std::string line; std::getline(in, line);) {
    std::istringstream l(line);
    if (l >> address >> type >> symbol && symbol == "_text") return "0x" + address;
  }
  return std::nullopt;
}

std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (!it->is_directory(ec) || it->is_symlink(ec)) out.push_back(it->path().lexically_relative(dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

long long disk_usage_mb(const fs::path& dir) {
  std::set<std::pair<dev_t, ino_t>> seen;  // hard links count once, as du counts them
  long long bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st{};
    if (lstat(it->path().c_str(), &st) != 0 || !seen.insert({st.st_dev, st.st_ino}).second) continue;
    bytes += static_cast<long long>(st.st_blocks) * 512;
  }
  return (bytes + (1 << 20) - 1) >> 20;  // du -sm rounds up
}

}  // namespace kbuild

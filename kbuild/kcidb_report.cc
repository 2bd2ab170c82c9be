#include "kbuild/kcidb_report.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "common/kcidb.h"
#include "common/process.h"
#include "common/sha256.h"

namespace kbuild {

namespace fs = std::filesystem;

namespace {

bool is_commit_hash(const std::string& s) {
  return s.size() == 40 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string str(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::string artifact_url(const fs::path& output_dir, const std::string& name, const std::string& base) {
  if (base.empty()) return kc::kcidb::file_url(output_dir / name);
  return (base.ends_with("/") ? base : base + "/") + name;
}

// The end of build.log, where a failing target's errors are.
std::string log_tail(const fs::path& log, size_t bytes) {
  std::ifstream in(log, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(size > static_cast<std::streamoff>(bytes) ? size - static_cast<std::streamoff>(bytes) : 0);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  std::erase(s, '\0');  // KCIDB strings may not hold NUL
  return s;
}

}  // namespace

nlohmann::json kcidb_ids(const nlohmann::json& m, const std::string& origin, std::chrono::system_clock::time_point start) {
  const nlohmann::json& b = m.value("build", nlohmann::json::object());
  std::string commit = str(m.value("git", nlohmann::json::object()), "git_commit");
  std::string checkout = is_commit_hash(commit) ? commit : "src-" + kc::sha256_hex(str(b, "source_dir")).substr(0, 16);
  const std::string when = kc::kcidb::iso_time(start);
  std::string request = fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n", checkout, str(b, "target_arch"), str(b, "toolchain"),
                                    str(b, "kconfig"), b.value("kconfig_add", nlohmann::json::array()).dump(),
                                    b.value("make_variables", nlohmann::json::object()).dump());
  return {{"origin", origin},
          {"checkout_id", kc::kcidb::make_id(origin, checkout)},
          {"build_id", kc::kcidb::make_id(origin, "build-" + kc::sha256_hex(request + when).substr(0, 24))},
          {"start_time", when}};
}

nlohmann::json kcidb_build_report(const nlohmann::json& m, const fs::path& out, const std::string& url_base) {
  const nlohmann::json& ids = m.at("kcidb");
  const std::string origin = ids.at("origin");
  const nlohmann::json& b = m.value("build", nlohmann::json::object());
  const nlohmann::json& git = m.value("git", nlohmann::json::object());
  const nlohmann::json& results = m.value("results", nlohmann::json::object());

  nlohmann::json checkout = {{"id", ids.at("checkout_id")}, {"origin", origin}, {"valid", true},
                             {"start_time", ids.at("start_time")}};
  if (is_commit_hash(str(git, "git_commit"))) checkout["git_commit_hash"] = str(git, "git_commit");
  if (!str(git, "git_describe").empty()) checkout["git_commit_name"] = str(git, "git_describe");
  if (!str(git, "git_branch").empty()) checkout["git_repository_branch"] = str(git, "git_branch");
  if (str(git, "git_url").starts_with("https://")) checkout["git_repository_url"] = str(git, "git_url");
  if (!str(git, "git_subject").empty()) checkout["comment"] = str(git, "git_subject");

  const std::string status = str(results, "status");
  nlohmann::json build = {
      {"id", ids.at("build_id")},
      {"origin", origin},
      {"checkout_id", ids.at("checkout_id")},
      {"start_time", ids.at("start_time")},
      {"architecture", str(b, "target_arch")},
      {"config_name", str(b, "kconfig")},
      // PASS and WARNING builds passed; INTERRUPTED never finished.
      {"status", status == "PASS" ? "PASS" : status == "FAIL" ? "FAIL" : "ERROR"},
      {"log_url", artifact_url(out, "build.log", url_base)},
  };
  if (results.contains("duration")) build["duration"] = results["duration"].value("total", 0.0);
  const nlohmann::json& compiler = m.value("compiler", nlohmann::json::object());
  if (!str(compiler, "version_full").empty()) build["compiler"] = str(compiler, "version_full");
  if (b.contains("reproducer_cmdline")) build["command"] = kc::quote_command(b["reproducer_cmdline"].get<std::vector<std::string>>());
  nlohmann::json outputs = nlohmann::json::array();
  const nlohmann::json& artifacts = results.value("artifacts", nlohmann::json::object());
  for (const auto& [kind, files] : artifacts.items())
    for (const auto& f : files) {
      std::string name = f.get<std::string>();
      if (!fs::exists(out / name)) continue;
      // A KCIDB resource name is a file name: no '/'.
      std::string plain = name;
      for (auto& c : plain) if (c == '/') c = '_';
      outputs.push_back({{"name", plain}, {"url", artifact_url(out, name, url_base)}});
      if (kind == "config") build["config_url"] = artifact_url(out, name, url_base);
    }
  if (!outputs.empty()) build["output_files"] = outputs;
  if (build["status"] != "PASS") build["log_excerpt"] = log_tail(out / "build.log", 16384);
  build["misc"] = {{"toolchain", str(b, "toolchain")}, {"kconfig_add", b.value("kconfig_add", nlohmann::json::array())},
                   {"errors", results.value("errors", 0)}, {"warnings", results.value("warnings", 0)},
                   {"targets", results.value("targets", nlohmann::json::object())},
                   {"image", str(m.value("runtime", nlohmann::json::object()), "image_name")},
                   {"image_digest", str(m.value("runtime", nlohmann::json::object()), "image_digest")}};
  return kc::kcidb::report(nlohmann::json::array({checkout}), nlohmann::json::array({build}), nlohmann::json::array());
}

}  // namespace kbuild

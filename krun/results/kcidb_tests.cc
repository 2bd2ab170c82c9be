#include "krun/results/kcidb_tests.h"

#include <fstream>

#include "common/kcidb.h"
#include "common/sha256.h"

namespace krun {

namespace {

constexpr size_t kExcerptBytes = 16384;

// Console lines first..last (1-based), bounded; NUL bytes dropped (KCIDB
// strings may not hold them), invalid UTF-8 replaced when dumped.
std::string console_lines(const std::filesystem::path& log, size_t first, size_t last) {
  if (first == 0 || last < first) return "";
  std::ifstream in(log, std::ios::binary);
  std::string line, out;
  for (size_t n = 1; std::getline(in, line) && n <= last; ++n) {
    if (n < first) continue;
    out += line + "\n";
    if (out.size() > kExcerptBytes) {
      out.resize(kExcerptBytes);
      out += "\n[...]\n";
      break;
    }
  }
  std::erase(out, '\0');
  return out;
}

std::vector<std::string> suite_parts(const std::string& suite) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos <= suite.size()) {
    size_t slash = suite.find('/', pos);
    if (slash == std::string::npos) slash = suite.size();
    parts.push_back(suite.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return parts;
}

}  // namespace

nlohmann::json kcidb_test_report(const nlohmann::json& results, const KcidbRun& run) {
  namespace k = kc::kcidb;
  const std::string when = k::iso_time(run.start);
  nlohmann::json checkouts = nlohmann::json::array(), builds = nlohmann::json::array();
  std::string build_id = run.build_id;
  if (build_id.empty()) {
    const std::string kernel = "kernel-" + run.kernel_sha256.substr(0, 24);
    const std::string checkout_id = k::make_id(run.origin, kernel);
    build_id = k::make_id(run.origin, kernel);
    checkouts.push_back({{"id", checkout_id}, {"origin", run.origin},
                         {"comment", "the source of kernel " + run.kernel_name + " is not known to krun"}});
    nlohmann::json b = {{"id", build_id}, {"origin", run.origin}, {"checkout_id", checkout_id},
                        {"architecture", run.arch}, {"status", "PASS"},
                        {"comment", "kernel " + run.kernel_name + " (sha256 " + run.kernel_sha256 + ")"}};
    if (!run.kernel_url.empty()) b["output_files"] = nlohmann::json::array({{{"name", run.kernel_name}, {"url", run.kernel_url}}});
    builds.push_back(b);
  }
  const std::string run_id = "run-" + kc::sha256_hex(build_id + "\n" + when + "\n" + run.device).substr(0, 16);
  nlohmann::json environment = {{"comment", run.device + " on " + run.qemu_version},
                                {"misc", {{"device", run.device}, {"qemu", run.qemu_command}}}};
  nlohmann::json tests = nlohmann::json::array();
  auto add = [&](const std::string& path, const std::string& status, const nlohmann::json& c) {
    nlohmann::json t = {{"id", k::make_id(run.origin, run_id + "." + path)}, {"origin", run.origin},
                        {"build_id", build_id}, {"path", path}, {"status", status}, {"start_time", when},
                        {"environment", environment}};
    if (c.contains("duration") && c["duration"].is_number()) t["duration"] = c["duration"];
    if (!run.log_url.empty()) t["log_url"] = run.log_url;
    if (c.contains("reason") && c["reason"].is_string()) t["misc"] = {{"reason", c["reason"]}};
    if (c.contains("lines") && c["lines"].is_array() && c["lines"].size() == 2) {
      std::string excerpt = console_lines(run.console_log, c["lines"][0].get<size_t>(), c["lines"][1].get<size_t>());
      if (!excerpt.empty()) t["log_excerpt"] = excerpt;
    }
    tests.push_back(t);
  };
  for (const auto& [suite, cases] : results.items()) {
    for (const auto& [name, c] : cases.items()) {
      std::vector<std::string> parts = suite_parts(suite);
      if (!(suite == "boot" && name == "boot")) parts.push_back(name);
      std::string result = c.value("result", "unknown");
      std::string status = result == "unknown" ? "MISS" : k::test_status(result, c.value("reason", ""));
      add(k::test_path(parts), status, c);
    }
  }
  // Each crash is a failing test of its own, named by its kind, titled.
  const nlohmann::json crashes =
      results.contains("boot") && results["boot"].contains("kernel-messages")
          ? results["boot"]["kernel-messages"].value("crashes", nlohmann::json::array())
          : nlohmann::json::array();
  size_t n = 0;
  for (const auto& crash : crashes) {
    nlohmann::json c = {{"lines", {crash.value("first_line", 0), crash.value("last_line", 0)}}};
    add(k::test_path({"crash", crash.value("kind", "crash"), std::to_string(++n)}), "FAIL", c);
    nlohmann::json& t = tests.back();
    t["comment"] = crash.value("title", "");
    std::string excerpt = crash.value("excerpt", "");
    std::erase(excerpt, '\0');
    if (!excerpt.empty()) t["log_excerpt"] = excerpt;
  }
  return k::report(checkouts, builds, tests);
}

}  // namespace krun

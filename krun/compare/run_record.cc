#include "krun/compare/run_record.h"

#include <fmt/format.h>

#include <cctype>

#include "common/errors.h"
#include "common/json_file.h"

namespace krun::compare {

namespace {

int count_field(const nlohmann::json& c, const char* key, int fallback) {
  auto it = c.find(key);
  if (it == c.end() || !it->is_number_integer() || it->get<long long>() < 0) return fallback;
  return static_cast<int>(std::min<long long>(it->get<long long>(), 1 << 30));
}

CaseTally tally_of(const nlohmann::json& c) {
  std::string result = c["result"].is_string() ? c["result"].get<std::string>() : "unknown";
  CaseTally t;
  // A case the guest never reached (krun: "not run: ...") was not tested.
  bool never_ran = result == "fail" && c.contains("reason") && c["reason"].is_string() &&
                   c["reason"].get<std::string>().starts_with("not run");
  if ((result != "pass" && result != "fail") || never_ran) {
    t.skips = 1;
    return t;
  }
  // A --repeat run's case: "runs" boots gave it a result, "fails" failed.
  t.runs = count_field(c, "runs", 1);
  t.fails = result == "fail" ? std::min(t.runs, count_field(c, "fails", t.runs)) : 0;
  if (t.runs == 0) t.runs = 1;
  return t;
}

// krun's own boot case; TuxRun has LAVA's login action (auto-login-action
// when the job logs in), and a bare LAVA job only its job result.
std::string boot_case_name(const std::map<std::string, CaseTally>& cases) {
  for (const char* name : {"boot/boot", "lava/login-action", "lava/auto-login-action", "lava/job"})
    if (cases.count(name)) return name;
  return "";
}

// LAVA numbers its test definitions ("0_ltp-smoke"); TuxRun drops the
// number, and so does the comparison, so both spellings meet.
std::string suite_name(const std::string& suite) {
  size_t digits = 0;
  while (digits < suite.size() && std::isdigit(static_cast<unsigned char>(suite[digits]))) ++digits;
  if (digits > 0 && digits + 1 < suite.size() && suite[digits] == '_') return suite.substr(digits + 1);
  return suite;
}

}  // namespace

std::string CaseTally::status() const {
  if (runs == 0) return "skip";
  if (fails == 0) return "pass";
  return fails == runs ? "fail" : "flaky";
}

void CaseTally::add(const CaseTally& o) {
  runs += o.runs;
  fails += o.fails;
  skips += o.skips;
}

void RunRecord::add(const RunRecord& o) {
  runs += o.runs;
  for (const auto& [name, t] : o.cases) cases[name].add(t);
  for (const auto& [title, n] : o.crashes) crashes[title] += n;
  if (boot_case.empty()) boot_case = o.boot_case;
  if (end_reason.empty()) end_reason = o.end_reason;
}

RunRecord read_run(const nlohmann::json& results) {
  if (!results.is_object()) throw kc::usage_error("not a results document: expected {suite: {case: {result}}}");
  RunRecord r;
  r.runs = 1;
  // krun's results also carry TuxRun's `lava` suite, which says krun's own
  // verdicts again in LAVA's words: read them once.
  const bool krun_results = results.contains("boot") && results["boot"].is_object();
  for (const auto& [suite, cases] : results.items()) {
    if (!cases.is_object() || (krun_results && suite == "lava")) continue;
    for (const auto& [name, c] : cases.items()) {
      if (!c.is_object() || !c.contains("result")) continue;
      CaseTally t = tally_of(c);
      r.runs = std::max(r.runs, t.runs + t.skips);
      r.cases[suite_name(suite) + "/" + name] = t;
      auto crashes = c.find("crashes");
      if (crashes == c.end() || !crashes->is_array()) continue;
      for (const auto& crash : *crashes) {
        if (!crash.is_object() || !crash.contains("title") || !crash["title"].is_string()) continue;
        int& seen = r.crashes[crash["title"].get<std::string>()];
        // A --repeat run keeps one entry per title with the runs it was in.
        seen = std::max(seen, count_field(crash, "seen_in_runs", 1));
      }
    }
  }
  r.boot_case = boot_case_name(r.cases);
  if (results.contains("boot") && results["boot"].is_object() && results["boot"].contains("boot") &&
      results["boot"]["boot"].is_object() && results["boot"]["boot"].contains("end_reason") &&
      results["boot"]["boot"]["end_reason"].is_string())
    r.end_reason = results["boot"]["boot"]["end_reason"].get<std::string>();
  return r;
}

RunRecord load_run(const std::filesystem::path& file_or_folder) {
  std::filesystem::path file = file_or_folder;
  if (std::filesystem::is_directory(file)) file /= "results.json";
  if (!std::filesystem::exists(file))
    throw kc::usage_error(fmt::format("{}: no such results file; give a results.json or an output folder with one",
                                      file.string()));
  nlohmann::json results = kc::read_json_file(file);  // names the file when it is not JSON
  try {
    return read_run(results);
  } catch (const kc::Error& e) {
    throw kc::usage_error(fmt::format("{}: {}", file.string(), e.what()));
  }
}

RunRecord load_runs(const std::vector<std::filesystem::path>& files) {
  RunRecord side;
  for (const auto& f : files) side.add(load_run(f));
  return side;
}

}  // namespace krun::compare

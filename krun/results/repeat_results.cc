#include "krun/results/repeat_results.h"

#include <algorithm>
#include <map>
#include <string>

namespace krun {

namespace {

struct Tally {
  nlohmann::json first;      // the case as its first (failing) run had it
  bool have_fail = false;
  int runs = 0, fails = 0;
};

// kernel-messages: one entry per crash title over all runs.
void merge_crashes(nlohmann::json& into, const std::vector<nlohmann::json>& runs) {
  std::map<std::string, int> seen;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : runs) {
    const nlohmann::json* crashes = nullptr;
    if (r.contains("boot") && r["boot"].contains("kernel-messages")) crashes = &r["boot"]["kernel-messages"]["crashes"];
    if (!crashes || !crashes->is_array()) continue;
    std::map<std::string, bool> in_this_run;
    for (const auto& c : *crashes) {
      std::string title = c.value("title", "");
      if (in_this_run[title]) continue;
      in_this_run[title] = true;
      if (seen[title]++ == 0) list.push_back(c);
    }
  }
  for (auto& c : list) c["seen_in_runs"] = seen[c.value("title", "")];
  into["crashes"] = list;
}

}  // namespace

nlohmann::json merge_repeated_results(const std::vector<nlohmann::json>& runs) {
  if (runs.size() == 1) return runs.front();
  std::map<std::string, std::map<std::string, Tally>> cases;
  for (const auto& r : runs)
    for (const auto& [suite, suite_cases] : r.items())
      for (const auto& [name, c] : suite_cases.items()) {
        Tally& t = cases[suite][name];
        std::string result = c.value("result", "unknown");
        bool fail = result == "fail";
        if (t.first.is_null() || (fail && !t.have_fail)) t.first = c;
        t.have_fail = t.have_fail || fail;
        if (result == "pass" || fail) ++t.runs;
        if (fail) ++t.fails;
      }
  nlohmann::json out = nlohmann::json::object();
  for (auto& [suite, suite_cases] : cases)
    for (auto& [name, t] : suite_cases) {
      nlohmann::json c = t.first;
      c["runs"] = t.runs;
      c["fails"] = t.fails;
      if (t.runs > 0) c["result"] = t.fails > 0 ? "fail" : "pass";
      if (t.fails > 0 && t.fails < t.runs) c["flaky"] = true;
      out[suite][name] = c;
    }
  if (out.contains("boot") && out["boot"].contains("kernel-messages")) {
    merge_crashes(out["boot"]["kernel-messages"], runs);
  }
  return out;
}

int merge_exit_codes(const std::vector<int>& codes) {
  if (std::find(codes.begin(), codes.end(), 1) != codes.end()) return 1;
  if (std::any_of(codes.begin(), codes.end(), [](int c) { return c != 0; })) return 2;
  return 0;
}

}  // namespace krun

#include "krun/suites/suite_results.h"

#include <fmt/format.h>

#include <cmath>

#include "krun/suites/skip_list.h"

namespace krun::suites {

void SuiteResults::add(const std::string& suite, const std::string& test_case, CaseRecord record) {
  auto& cases = suites_[suite];
  std::string name = test_case;
  for (int n = 2; cases.count(name); ++n) name = test_case + " #" + std::to_string(n);
  cases.emplace(std::move(name), std::move(record));
}

void SuiteResults::apply_skip_list(const SkipList& list) {
  for (auto& [suite, cases] : suites_) {
    for (auto& [name, rec] : cases) {
      if (!list.matches(suite, name)) continue;
      rec.result = Outcome::Skip;
      rec.reason = "in skip list";
    }
  }
}

nlohmann::json SuiteResults::to_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [suite, cases] : suites_) {
    nlohmann::json& s = out[suite] = nlohmann::json::object();
    for (const auto& [name, rec] : cases) {
      nlohmann::json c;
      c["result"] = std::string(to_string(rec.result));
      if (rec.duration) c["duration"] = std::round(*rec.duration * 1000.0) / 1000.0;
      if (!rec.reason.empty()) c["reason"] = rec.reason;
      if (rec.first_line) c["lines"] = {rec.first_line, rec.last_line ? rec.last_line : rec.first_line};
      s[name] = std::move(c);
    }
  }
  return out;
}

bool SuiteResults::any_failed() const {
  for (const auto& [suite, cases] : suites_)
    for (const auto& [name, rec] : cases)
      if (rec.result == Outcome::Fail) return true;
  return false;
}

std::string SuiteResults::summary_table() const {
  size_t width = 5;  // "suite" / "total"
  for (const auto& [suite, cases] : suites_) width = std::max(width, suite.size());
  std::string out = fmt::format("{:<{}}  {:>5}  {:>5}  {:>5}\n", "suite", width, "pass", "fail", "skip");
  int tp = 0, tf = 0, ts = 0;
  std::vector<std::string> failures;
  for (const auto& [suite, cases] : suites_) {
    int p = 0, f = 0, s = 0;
    for (const auto& [name, rec] : cases) {
      if (rec.result == Outcome::Pass) ++p;
      if (rec.result == Outcome::Skip) ++s;
      if (rec.result == Outcome::Fail) {
        ++f;
        failures.push_back(rec.reason.empty() ? suite + "/" + name
                                              : suite + "/" + name + " (" + rec.reason + ")");
      }
    }
    tp += p, tf += f, ts += s;
    out += fmt::format("{:<{}}  {:>5}  {:>5}  {:>5}\n", suite, width, p, f, s);
  }
  out += fmt::format("{:<{}}  {:>5}  {:>5}  {:>5}\n", "total", width, tp, tf, ts);
  for (const std::string& f : failures) out += "failed: " + f + "\n";
  return out;
}

void SuiteResults::fail_cases_with_crashes(const std::vector<std::string>& suites,
                                           const std::vector<CrashAt>& crashes) {
  for (const std::string& suite : suites) {
    auto it = suites_.find(suite);
    if (it == suites_.end()) continue;
    for (auto& [name, c] : it->second) {
      if (c.first_line == 0) continue;
      for (const CrashAt& crash : crashes) {
        if (crash.line < c.first_line || crash.line > c.last_line) continue;
        c.result = Outcome::Fail;
        c.reason = "crash: " + crash.title + (c.reason.empty() ? "" : "; " + c.reason);
        break;
      }
    }
  }
}

}  // namespace krun::suites

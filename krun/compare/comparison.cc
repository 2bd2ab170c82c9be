#include "krun/compare/comparison.h"

#include <fmt/format.h>

#include <set>

#include "krun/suites/skip_list.h"

namespace krun::compare {

namespace {

bool skipped(const suites::SkipList& skips, const std::string& name) {
  if (skips.empty()) return false;
  size_t slash = name.find('/');
  return skips.matches(name.substr(0, slash), slash == std::string::npos ? "" : name.substr(slash + 1));
}

std::string describe(const std::string& status, const CaseTally& t) {
  if (status.empty()) return "absent";
  if (status == "flaky") return fmt::format("flaky ({} of {} failed)", t.fails, t.runs);
  if (t.runs > 1) return fmt::format("{} ({} runs)", status, t.runs);
  return status;
}

nlohmann::json change_json(const CaseChange& c) {
  nlohmann::json j = {{"name", c.name}, {"base", c.base.empty() ? nlohmann::json() : nlohmann::json(c.base)},
                      {"new", c.now.empty() ? nlohmann::json() : nlohmann::json(c.now)}};
  if (c.base_tally.runs > 1 || c.base == "flaky") j["base_fails"] = {c.base_tally.fails, c.base_tally.runs};
  if (c.new_tally.runs > 1 || c.now == "flaky") j["new_fails"] = {c.new_tally.fails, c.new_tally.runs};
  return j;
}

nlohmann::json changes_json(const std::vector<CaseChange>& list) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& c : list) a.push_back(change_json(c));
  return a;
}

}  // namespace

Comparison compare_runs(const RunRecord& base, const RunRecord& now, const suites::SkipList& skips) {
  Comparison out;
  out.base_runs = base.runs;
  out.new_runs = now.runs;
  out.base_end = base.end_reason;
  out.new_end = now.end_reason;
  std::set<std::string> names;
  for (const auto& [n, t] : base.cases) names.insert(n);
  for (const auto& [n, t] : now.cases) names.insert(n);
  for (const std::string& name : names) {
    // krun's summary of the crashes, which are compared by title instead.
    if (name == kCrashSummaryCase || skipped(skips, name)) continue;
    CaseChange c;
    c.name = name;
    auto b = base.cases.find(name), n = now.cases.find(name);
    if (b != base.cases.end()) c.base_tally = b->second, c.base = b->second.status();
    if (n != now.cases.end()) c.new_tally = n->second, c.now = n->second.status();
    if (name == now.boot_case || (now.boot_case.empty() && name == base.boot_case)) out.boot = c;
    if (c.base == c.now && c.now != "flaky") {
      ++out.unchanged;
    } else if (c.now == "flaky") {
      out.flaky.push_back(c);
    } else if (c.base.empty()) {
      out.added.push_back(c);
    } else if (c.now.empty()) {
      if (c.base != "skip") out.gone.push_back(c);
    } else if (c.base == "pass" && c.now == "fail") {
      out.regressions.push_back(c);
    } else if ((c.base == "fail" || c.base == "flaky") && c.now == "pass") {
      out.fixes.push_back(c);
    } else if (c.now == "skip") {
      out.untested.push_back(c);
    } else {
      // skip → pass/fail, or flaky → fail: tested again, or failing as it
      // already sometimes did. Reported with the additions.
      out.added.push_back(c);
    }
  }
  for (const auto& [title, n] : now.crashes)
    if (!base.crashes.count(title)) out.new_crashes.push_back(title);
  for (const auto& [title, n] : base.crashes)
    if (!now.crashes.count(title)) out.gone_crashes.push_back(title);
  return out;
}

nlohmann::json to_json(const Comparison& c) {
  nlohmann::json j = {
      {"regressed", c.regressed()},
      {"runs", {{"base", c.base_runs}, {"new", c.new_runs}}},
      {"regressions", changes_json(c.regressions)},
      {"fixes", changes_json(c.fixes)},
      {"flaky", changes_json(c.flaky)},
      {"new", changes_json(c.added)},
      {"gone", changes_json(c.gone)},
      {"untested", changes_json(c.untested)},
      {"crashes", {{"new", c.new_crashes}, {"gone", c.gone_crashes}}},
      {"unchanged", c.unchanged},
  };
  j["boot"] = c.boot.name.empty() ? nlohmann::json() : change_json(c.boot);
  j["end_reason"] = {{"base", c.base_end.empty() ? nlohmann::json() : nlohmann::json(c.base_end)},
                     {"new", c.new_end.empty() ? nlohmann::json() : nlohmann::json(c.new_end)}};
  return j;
}

std::string to_table(const Comparison& c) {
  std::string out;
  auto group = [&](const char* heading, const std::vector<CaseChange>& list) {
    if (list.empty()) return;
    out += fmt::format("{} ({}):\n", heading, list.size());
    for (const auto& ch : list)
      out += fmt::format("  {:<50} {} -> {}\n", ch.name, describe(ch.base, ch.base_tally),
                         describe(ch.now, ch.new_tally));
  };
  if (!c.boot.name.empty())
    out += fmt::format("boot ({}): {} -> {}{}\n", c.boot.name, describe(c.boot.base, c.boot.base_tally),
                       describe(c.boot.now, c.boot.new_tally),
                       c.base_end.empty() && c.new_end.empty()
                           ? ""
                           : fmt::format("; run ended: {} -> {}", c.base_end.empty() ? "?" : c.base_end,
                                         c.new_end.empty() ? "?" : c.new_end));
  group("regressions", c.regressions);
  if (!c.new_crashes.empty()) {
    out += fmt::format("new crashes ({}):\n", c.new_crashes.size());
    for (const auto& t : c.new_crashes) out += "  " + t + "\n";
  }
  group("fixed", c.fixes);
  group("flaky in new", c.flaky);
  group("new cases", c.added);
  group("gone", c.gone);
  group("no longer tested", c.untested);
  if (!c.gone_crashes.empty()) {
    out += fmt::format("crashes gone ({}):\n", c.gone_crashes.size());
    for (const auto& t : c.gone_crashes) out += "  " + t + "\n";
  }
  out += fmt::format("{} regressions, {} new crashes, {} fixed, {} flaky, {} new, {} gone, {} no longer tested, "
                     "{} unchanged ({} base runs, {} new runs)\n",
                     c.regressions.size(), c.new_crashes.size(), c.fixes.size(), c.flaky.size(), c.added.size(),
                     c.gone.size(), c.untested.size(), c.unchanged, c.base_runs, c.new_runs);
  return out;
}

std::vector<kc::junit::Suite> to_junit(const Comparison& c) {
  kc::junit::Suite s;
  s.name = "regressions";
  auto add = [&](const CaseChange& ch, kc::junit::Outcome outcome, const std::string& what) {
    kc::junit::Case k;
    k.name = ch.name;
    k.outcome = outcome;
    k.message = fmt::format("{}: {} -> {}", what, describe(ch.base, ch.base_tally), describe(ch.now, ch.new_tally));
    s.cases.push_back(k);
  };
  for (const auto& ch : c.regressions) add(ch, kc::junit::Outcome::Fail, "regression");
  for (const auto& title : c.new_crashes) {
    kc::junit::Case k;
    k.name = "crash: " + title;
    k.outcome = kc::junit::Outcome::Fail;
    k.message = "new crash";
    s.cases.push_back(k);
  }
  for (const auto& ch : c.fixes) add(ch, kc::junit::Outcome::Pass, "fixed");
  for (const auto& ch : c.flaky) add(ch, kc::junit::Outcome::Skip, "flaky");
  for (const auto& ch : c.added)
    add(ch, ch.now == "pass" ? kc::junit::Outcome::Pass : kc::junit::Outcome::Skip, "new");
  for (const auto& ch : c.gone) add(ch, kc::junit::Outcome::Skip, "gone");
  for (const auto& ch : c.untested) add(ch, kc::junit::Outcome::Skip, "no longer tested");
  s.seconds = 0;
  return {s};
}

}  // namespace krun::compare

#include "krun/compare/bisect_decision.h"

#include <fmt/format.h>

#include "common/errors.h"
#include "krun/compare/comparison.h"
#include "krun/suites/skip_list.h"

namespace krun::compare {

namespace {

BisectVerdict verdict(int code, std::string reason) { return BisectVerdict{code, std::move(reason)}; }

BisectVerdict flaky_verdict(const BisectInput& in, const std::string& what, int fails, int runs) {
  if (in.flaky_is_bad) return verdict(1, fmt::format("{} failed in {} of {} runs (flaky counts as bad)", what, fails, runs));
  return verdict(125, fmt::format("{} failed in {} of {} runs only: flaky, cannot tell (--bisect-flaky bad "
                                  "to count it as bad)",
                                  what, fails, runs));
}

BisectVerdict decide_cases(const BisectTarget& t, const BisectInput& in) {
  int matched = 0;
  std::optional<BisectVerdict> untested, flaky;
  for (const auto& [name, tally] : in.run.cases) {
    if (!suites::glob_match(t.pattern, name)) continue;
    ++matched;
    std::string status = tally.status();
    if (status == "fail") return verdict(1, fmt::format("{} failed", name));
    if (status == "flaky") {
      BisectVerdict v = flaky_verdict(in, name, tally.fails, tally.runs);
      if (v.exit_code == 1) return v;
      if (!flaky) flaky = v;
    }
    if (status == "skip" && !untested) untested = verdict(125, fmt::format("{} was not tested (skipped, or the run did not get to it): "
                                                                     "cannot tell",
                                                                     name));
  }
  if (flaky) return *flaky;
  if (untested) return *untested;
  if (matched == 0)
    return verdict(125, fmt::format("no result for {}: the suite did not run{}", t.text,
                                    in.run_complete ? "" : " (the run ended early)"));
  return verdict(0, matched == 1 ? fmt::format("{} passed", t.text)
                                 : fmt::format("the {} cases matching {} passed", matched, t.text));
}

BisectVerdict decide_crash(const BisectTarget& t, const BisectInput& in) {
  for (const auto& [title, seen] : in.run.crashes) {
    if (!suites::glob_match(t.pattern, title)) continue;
    if (seen >= in.run.runs) return verdict(1, fmt::format("crash \"{}\"", title));
    BisectVerdict v = flaky_verdict(in, fmt::format("crash \"{}\"", title), seen, in.run.runs);
    return v;
  }
  if (!in.run_complete)
    return verdict(125, fmt::format("no crash matching \"{}\", but the run ended early: cannot rule it out", t.text));
  return verdict(0, fmt::format("no crash matching \"{}\"", t.text));
}

BisectVerdict decide_boot(const BisectInput& in) {
  auto it = in.run.cases.find(in.run.boot_case);
  if (in.run.boot_case.empty() || it == in.run.cases.end())
    return verdict(125, "no boot result: cannot tell");
  const CaseTally& t = it->second;
  std::string status = t.status();
  if (status == "fail") return verdict(1, "the kernel did not boot");
  if (status == "flaky") return flaky_verdict(in, "the boot", t.fails, t.runs);
  if (status == "pass") return verdict(0, "the kernel booted");
  return verdict(125, "the boot did not give a result (infrastructure): cannot tell");
}

BisectVerdict decide_regressions(const BisectInput& in) {
  if (!in.baseline)
    throw kc::usage_error("--bisect-on regressions needs --baseline FILE (a results.json of a good run)");
  Comparison c = compare_runs(*in.baseline, in.run, suites::SkipList{});
  if (c.regressed()) {
    std::vector<std::string> names;
    for (const auto& r : c.regressions) names.push_back(r.name);
    for (const auto& title : c.new_crashes) names.push_back("crash \"" + title + "\"");
    size_t shown = std::min<size_t>(names.size(), 3);
    std::string list;
    for (size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + names[i];
    if (names.size() > shown) list += fmt::format(" and {} more", names.size() - shown);
    return verdict(1, "regressed against the baseline: " + list);
  }
  if (!in.run_complete) return verdict(125, "no regression seen, but the run ended early: cannot rule one out");
  return verdict(0, "no regression against the baseline");
}

}  // namespace

BisectTarget parse_bisect_target(const std::string& value) {
  BisectTarget t;
  t.text = value;
  if (value.empty()) throw kc::usage_error("--bisect-on needs a value: boot, SUITE/CASE, a crash title, or regressions");
  if (value == "boot") return t;
  if (value == "regressions") {
    t.kind = BisectTarget::Kind::Regressions;
    return t;
  }
  auto forced = [&](const char* prefix, BisectTarget::Kind kind) {
    if (!value.starts_with(prefix)) return false;
    t.kind = kind;
    t.pattern = value.substr(std::string(prefix).size());
    if (t.pattern.empty()) throw kc::usage_error(fmt::format("--bisect-on {}: nothing after '{}'", value, prefix));
    return true;
  };
  if (forced("case:", BisectTarget::Kind::Case) || forced("crash:", BisectTarget::Kind::Crash)) return t;
  // Case names never hold a space, crash titles nearly always do.
  bool looks_like_case = value.find('/') != std::string::npos && value.find(' ') == std::string::npos;
  t.kind = looks_like_case ? BisectTarget::Kind::Case : BisectTarget::Kind::Crash;
  t.pattern = value;
  return t;
}

BisectVerdict decide_bisect(const std::vector<BisectTarget>& targets, const BisectInput& in) {
  std::optional<BisectVerdict> cannot_test;
  std::vector<std::string> good;
  for (const auto& t : targets) {
    BisectVerdict v = t.kind == BisectTarget::Kind::Boot    ? decide_boot(in)
                      : t.kind == BisectTarget::Kind::Case  ? decide_cases(t, in)
                      : t.kind == BisectTarget::Kind::Crash ? decide_crash(t, in)
                                                            : decide_regressions(in);
    if (v.exit_code == 1) return v;
    if (v.exit_code == 125 && !cannot_test) cannot_test = v;
    if (v.exit_code == 0) good.push_back(v.reason);
  }
  if (cannot_test) return *cannot_test;
  std::string reason;
  for (const auto& g : good) reason += (reason.empty() ? "" : "; ") + g;
  return verdict(0, reason);
}

BisectVerdict decide_plain_bisect(int exit_code, const BisectInput& in) {
  if (exit_code == 0) return verdict(0, "every test passed and no crash was seen");
  if (exit_code != 1) return verdict(125, "the run did not complete: cannot tell");
  if (in.run.runs <= 1) return verdict(1, "a test failed or a crash was seen");
  for (const auto& [name, tally] : in.run.cases)
    if (tally.status() == "fail" && name != kCrashSummaryCase) return verdict(1, name + " failed");
  for (const auto& [title, seen] : in.run.crashes)
    if (seen >= in.run.runs) return verdict(1, fmt::format("crash \"{}\"", title));
  if (in.flaky_is_bad) return verdict(1, "a failure in some of the runs (flaky counts as bad)");
  return verdict(125, fmt::format("every failure is flaky over the {} runs: cannot tell (--bisect-flaky bad to "
                                  "count it as bad)",
                                  in.run.runs));
}

}  // namespace krun::compare

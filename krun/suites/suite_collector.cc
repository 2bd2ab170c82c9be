#include "krun/suites/suite_collector.h"

#include <fmt/format.h>

namespace krun::suites {

namespace {

CaseRecord record_of(const KtapTest& t) {
  CaseRecord r;
  r.result = t.outcome;
  r.duration = t.duration();
  r.reason = t.reason;
  if (!t.directive.empty() && t.directive != "SKIP" && t.reason.find(t.directive) == std::string::npos)
    r.reason = t.reason.empty() ? t.directive : t.directive + ": " + t.reason;
  r.first_line = t.first_line;
  r.last_line = t.last_line;
  return r;
}

std::string case_name(const KtapTest& t) {
  return t.name.empty() ? "#" + std::to_string(t.number) : t.name;
}

bool has_failure_below(const KtapTest& t) {
  for (const KtapTest& c : t.subtests)
    if (c.outcome == Outcome::Fail || has_failure_below(c)) return true;
  return false;
}

// Every node below a suite becomes a case named by its path ("test.param").
void emit_below(const KtapTest& t, const std::string& suite, const std::string& prefix,
                SuiteResults& results) {
  for (const KtapTest& c : t.subtests) {
    std::string name = prefix.empty() ? case_name(c) : prefix + "." + case_name(c);
    results.add(suite, name, record_of(c));
    emit_below(c, suite, name, results);
  }
}

// "selftests: timers: posix_timers" → {"timers", "posix_timers"}.
std::optional<std::pair<std::string, std::string>> kselftest_name(const std::string& d) {
  if (d.rfind("selftests: ", 0) != 0) return std::nullopt;
  std::string rest = d.substr(11);
  size_t colon = rest.find(": ");
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(rest.substr(0, colon), rest.substr(colon + 2));
}

// The cases of a line-by-line parser (LTP's, perf's, krun's own markers).
template <typename Case>
void add_cases(const std::vector<Case>& cases, const std::string& suite, SuiteResults& results) {
  for (const Case& c : cases) {
    CaseRecord r;
    r.result = c.outcome;
    r.reason = c.reason;
    if constexpr (requires { c.duration; }) r.duration = c.duration;
    r.first_line = c.first_line;
    r.last_line = c.last_line;
    results.add(suite, c.name, r);
  }
}

}  // namespace

bool is_timeout_exit(int exit_code) {
  // busybox/coreutils timeout: 124; killed with SIGKILL/SIGTERM: 128+9, 128+15.
  return exit_code == 124 || exit_code == 137 || exit_code == 143;
}

SuiteCollector::SuiteCollector(TestPlan plan) : plan_(std::move(plan)) {
  for (const TestStep& s : plan_.steps) {
    StepState st;
    st.step = s;
    if (s.parser == ParserKind::Kselftest) st.ktap = std::make_unique<KtapParser>();
    if (s.parser == ParserKind::Ltp) st.ltp = std::make_unique<LtpParser>();
    if (s.parser == ParserKind::Cases) st.marked = std::make_unique<CaseMarkerParser>();
    if (s.parser == ParserKind::Perf) st.perf = std::make_unique<PerfParser>();
    steps_.push_back(std::move(st));
  }
}

SuiteCollector::StepState* SuiteCollector::find(std::string_view name) {
  for (StepState& s : steps_)
    if (s.step.name == name) return &s;
  return nullptr;
}

void SuiteCollector::on_line(size_t line_no, std::string_view line) {
  if (finished_) return;
  if (!active_) {
    if (plan_.kunit) kunit_.on_line(line_no, line);
    return;
  }
  active_->last_line = line_no;
  switch (active_->step.parser) {
    case ParserKind::Kunit: kunit_.on_line(line_no, line); break;
    case ParserKind::Kselftest: active_->ktap->on_line(line_no, line); break;
    case ParserKind::Ltp: active_->ltp->on_line(line_no, line); break;
    case ParserKind::Cases: active_->marked->on_line(line_no, line); break;
    case ParserKind::Perf: active_->perf->on_line(line_no, line); break;
    case ParserKind::ExitCode: break;
  }
}

void SuiteCollector::on_test_start(std::string_view name, size_t line_no, double host_seconds) {
  StepState* s = find(name);
  if (!s) return;  // not one of ours (the core reports unknown markers)
  s->started = true;
  s->first_line = s->last_line = line_no;
  s->start_seconds = host_seconds;
  if (s->marked) s->marked->start(line_no);
  if (s->perf) s->perf->start(line_no);
  active_ = s;
}

void SuiteCollector::on_test_end(std::string_view name, int exit_code, size_t line_no,
                                 double host_seconds) {
  StepState* s = find(name);
  if (!s) return;
  s->ended = true;
  s->exit_code = exit_code;
  s->last_line = line_no;
  s->end_seconds = host_seconds;
  std::string reason = is_timeout_exit(exit_code)
                           ? fmt::format("timed out after {} s", s->step.timeout_seconds)
                           : fmt::format("no result (test exited {})", exit_code);
  if (s->ktap) s->ktap->finish(reason);
  if (s->ltp) s->ltp->finish(reason);
  if (active_ == s) active_ = nullptr;
}

void SuiteCollector::emit_kunit(SuiteResults& results) {
  for (const KtapTest& suite : kunit_.tests()) {
    std::string name = "kunit/" + case_name(suite);
    emit_below(suite, name, "", results);
    // The suite's own result matters when no case explains it (a crash,
    // an init failure) or when it reported no case at all.
    if ((suite.outcome == Outcome::Fail && !has_failure_below(suite)) || suite.subtests.empty())
      results.add(name, case_name(suite), record_of(suite));
  }
}

const char* open_test_reason(RunEnd end) {
  switch (end) {
    case RunEnd::TimedOut: return "timed out";
    case RunEnd::Interrupted: return "interrupted";
    default: return "crashed";
  }
}

void SuiteCollector::emit_step(StepState& s, RunEnd end, SuiteResults& results) {
  const TestStep& step = s.step;
  if (!s.started) {
    CaseRecord r;
    r.result = Outcome::Fail;
    r.reason = "not run: the guest stopped before this test";
    results.add(step.suite, step.parser == ParserKind::ExitCode ? step.test_case : step.name, r);
    return;
  }
  std::string open_reason = open_test_reason(end);
  size_t before = 0;
  for (const auto& [suite, cases] : results.suites()) before += cases.size();

  switch (step.parser) {
    case ParserKind::ExitCode: {
      CaseRecord r;
      r.first_line = s.first_line;
      r.last_line = s.last_line;
      if (s.ended) {
        r.duration = s.end_seconds - s.start_seconds;
        r.result = s.exit_code == 0 ? Outcome::Pass : Outcome::Fail;
        if (is_timeout_exit(s.exit_code))
          r.reason = fmt::format("timed out after {} s", step.timeout_seconds);
        else if (s.exit_code != 0)
          r.reason = fmt::format("exit code {}", s.exit_code);
      } else {
        r.result = Outcome::Fail;
        r.reason = open_reason;
      }
      results.add(step.suite, step.test_case, r);
      return;
    }
    case ParserKind::Kunit:
      break;  // its lines went to the shared kunit parser, emitted once
    case ParserKind::Kselftest:
      s.ktap->finish(open_reason);
      for (const KtapTest& t : s.ktap->tests()) {
        auto ks = kselftest_name(t.name);
        std::string suite = ks ? "kselftest-" + ks->first : step.suite;
        std::string name = ks ? ks->second : case_name(t);
        results.add(suite, name, record_of(t));
        emit_below(t, suite, name, results);
      }
      break;
    case ParserKind::Cases:
      add_cases(s.marked->cases(), step.suite, results);
      break;
    case ParserKind::Perf:
      add_cases(s.perf->cases(), step.suite, results);
      break;
    case ParserKind::Ltp:
      s.ltp->finish(open_reason);
      add_cases(s.ltp->cases(), step.suite, results);
      break;
  }
  size_t after = 0;
  for (const auto& [suite, cases] : results.suites()) after += cases.size();
  // A test that produced no case at all still leaves a trace when it failed
  // (runner missing, timed out before any output, guest died).
  bool failed = s.ended ? s.exit_code != 0 : true;
  if (after == before && failed && step.parser != ParserKind::Kunit) {
    CaseRecord r;
    r.result = Outcome::Fail;
    r.first_line = s.first_line;
    r.last_line = s.last_line;
    r.reason = !s.ended ? open_reason
               : is_timeout_exit(s.exit_code)
                   ? fmt::format("timed out after {} s", step.timeout_seconds)
                   : fmt::format("exit code {}, no results parsed", s.exit_code);
    results.add(step.suite, step.name, r);
  }
}

void SuiteCollector::finish(RunEnd end, SuiteResults& results, const std::vector<Crash>& crashes) {
  if (finished_) return;
  finished_ = true;
  std::vector<std::string> judged;
  for (const StepState& s : steps_)
    if (s.step.parser == ParserKind::Cases) judged.push_back(s.step.suite);
  std::vector<SuiteResults::CrashAt> crash_lines;
  for (const Crash& c : crashes) crash_lines.push_back({c.first_line, c.title});
  kunit_.finish(open_test_reason(end));
  if (plan_.kunit) emit_kunit(results);
  for (StepState& s : steps_) {
    if (s.step.parser == ParserKind::Kunit) {
      // Module loading failures show up as the step's exit code.
      if (s.ended && s.exit_code != 0) {
        CaseRecord r;
        r.result = Outcome::Fail;
        r.first_line = s.first_line;
        r.last_line = s.last_line;
        r.reason = is_timeout_exit(s.exit_code)
                       ? fmt::format("timed out after {} s", s.step.timeout_seconds)
                       : "a kunit test module failed to load";
        results.add("kunit", "load-modules", r);
      }
      continue;
    }
    emit_step(s, end, results);
  }
  results.fail_cases_with_crashes(judged, crash_lines);
}

}  // namespace krun::suites

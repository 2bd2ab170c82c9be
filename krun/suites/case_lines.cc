#include "krun/suites/case_lines.h"

#include "common/text_lines.h"
#include "krun/suites/kernel_line.h"

namespace krun::suites {

namespace {

constexpr std::string_view kCaseMarker = "<<KRUN>> CASE ";

std::string_view next_word(std::string_view& s) {
  s = kc::trim_blanks(s);
  size_t end = s.find_first_of(" \t");
  std::string_view w = s.substr(0, end);
  s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  return w;
}

bool word_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

void CaseMarkerParser::on_line(size_t line_no, std::string_view line) {
  size_t at = line.find(kCaseMarker);
  if (at == std::string_view::npos) return;
  std::string_view rest = line.substr(at + kCaseMarker.size());
  std::string_view result = next_word(rest);
  std::string_view name = next_word(rest);
  auto outcome = outcome_from_string(result);
  if (!outcome || name.empty()) return;  // not ours, or cut: the step's own failure reports it
  add({std::string(name), *outcome, std::string(kc::trim_blanks(rest)), 0, 0}, line_no);
}

std::string perf_case_name(std::string_view test_line) {
  std::string out;
  bool in_run = false;
  for (char c : test_line) {
    if (word_char(c)) {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  if (!out.empty() && out.back() == '_') out.pop_back();
  // One pass, left to right, as Python's re.sub does it.
  std::string once;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 2, "_-") == 0) {
      once += '_';
      ++i;
    } else {
      once += out[i];
    }
  }
  return once;
}

void PerfParser::on_line(size_t line_no, std::string_view raw) {
  // perf colours its verdicts, and the reset code starts the next line.
  const std::string plain = kc::strip_ansi(raw);
  std::string_view line = strip_kernel_prefix(plain).text;
  // "<number>[.<sub>]: <description> : <verdict>"
  std::string_view head = kc::trim_blanks(line);
  if (head.empty() || head[0] < '0' || head[0] > '9') return;
  size_t colon = head.find(':');
  if (colon == std::string_view::npos || head.find_first_not_of("0123456789.") != colon) return;
  size_t verdict_at = head.rfind(" : ");
  if (verdict_at == std::string_view::npos || verdict_at <= colon) return;
  std::string_view verdict = kc::trim_blanks(head.substr(verdict_at + 3));
  std::string_view test = head.substr(0, verdict_at + 2);  // up to the " :", as LKFT names it
  LineCase c;
  if (verdict == "Ok") {
    c.outcome = Outcome::Pass;
  } else if (verdict.starts_with("FAILED")) {
    c.outcome = Outcome::Fail;
    c.reason = std::string(verdict);
  } else if (verdict.starts_with("Skip")) {
    c.outcome = Outcome::Skip;
    std::string_view why = kc::trim_blanks(verdict.substr(4));
    if (why.size() >= 2 && why.front() == '(' && why.back() == ')') why = why.substr(1, why.size() - 2);
    c.reason = std::string(why);
  } else {
    return;  // a parent line ("5: Parse event definition strings :") or progress
  }
  c.name = perf_case_name(std::string(" ") + std::string(test));
  add(std::move(c), line_no);
}

}  // namespace krun::suites

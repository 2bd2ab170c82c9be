#include "common/junit.h"

#include <fmt/format.h>

#include <cctype>

#include "common/atomic_file.h"

namespace kc::junit {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  if (n == 2 && c < 0xc2) return 0;  // overlong
  return n;
}

struct Totals {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  void add(const Case& c) {
    ++tests;
    failures += c.outcome == Outcome::Fail;
    errors += c.outcome == Outcome::Error;
    skipped += c.outcome == Outcome::Skip;
    seconds += c.seconds;
  }
};

std::string seconds_text(double s) { return fmt::format("{:.3f}", s < 0 ? 0.0 : s); }

void append_case(std::string& out, const std::string& suite, const Case& c) {
  out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"", escape(c.name),
                     escape(c.classname.empty() ? suite : c.classname), seconds_text(c.seconds));
  bool body = c.outcome != Outcome::Pass || !c.system_out.empty();
  if (!body) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  const char* element = c.outcome == Outcome::Fail    ? "failure"
                        : c.outcome == Outcome::Error ? "error"
                        : c.outcome == Outcome::Skip  ? "skipped"
                                                      : nullptr;
  if (element) {
    out += fmt::format("      <{} message=\"{}\"", element, escape(c.message));
    if (c.details.empty())
      out += "/>\n";
    else
      out += fmt::format(">{}</{}>\n", escape(c.details), element);
  }
  if (!c.system_out.empty()) out += fmt::format("      <system-out>{}</system-out>\n", escape(c.system_out));
  out += "    </testcase>\n";
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&apos;"; ++i; continue;
      case '\t': out += "&#9;"; ++i; continue;
      case '\n': out += "&#10;"; ++i; continue;
      case '\r': out += "&#13;"; ++i; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7f) {  // forbidden in XML 1.0 (0x7f is legal but unreadable)
      out += '?';
      ++i;
      continue;
    }
    size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += '?';
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string to_xml(const std::vector<Suite>& suites) {
  Totals all;
  std::string body;
  for (const auto& s : suites) {
    Totals t;
    for (const auto& c : s.cases) t.add(c);
    double seconds = s.seconds < 0 ? t.seconds : s.seconds;
    body += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">\n",
                        escape(s.name), t.tests, t.failures, t.errors, t.skipped, seconds_text(seconds));
    for (const auto& c : s.cases) append_case(body, s.name, c);
    body += "  </testsuite>\n";
    all.tests += t.tests;
    all.failures += t.failures;
    all.errors += t.errors;
    all.skipped += t.skipped;
    all.seconds += seconds;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">\n{}</testsuites>\n",
      all.tests, all.failures, all.errors, all.skipped, seconds_text(all.seconds), body);
}

void write(const std::filesystem::path& path, const std::vector<Suite>& suites) {
  kc::write_file_atomic(path, to_xml(suites));
}

Outcome outcome_from_result(std::string_view result) {
  std::string r(result);
  for (auto& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (r == "pass" || r == "ok" || r == "warning") return Outcome::Pass;
  if (r == "fail" || r == "failure") return Outcome::Fail;
  if (r == "skip" || r == "skipped") return Outcome::Skip;
  return Outcome::Error;
}

}  // namespace kc::junit

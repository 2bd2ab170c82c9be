#include "krun/suites/ktap_parser.h"

#include <charconv>

#include "krun/suites/kernel_line.h"
#include "common/text_lines.h"

namespace krun::suites {

namespace {

enum class Kind { Version, Subtest, Plan, Result, BailOut, Diagnostic, Other };

struct Token {
  Kind kind = Kind::Other;
  std::string_view text;  // subtest name, diagnostic text, bail-out reason
  // Result lines.
  bool ok = false;
  int number = 0;
  std::string_view description, directive, reason;
  // Plan lines.
  int count = 0;
};

bool parse_int(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool is_directive(std::string_view word) {
  std::string up;
  for (char c : word) up += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return up == "SKIP" || up == "TODO" || up == "XFAIL" || up == "TIMEOUT" || up == "ERROR";
}

// Splits "desc # DIRECTIVE reason" (the '#' must follow a blank or start the
// text; "\#" is a literal hash in TAP). Unknown words after '#' are a reason
// without a directive, e.g. run_kselftest.sh's "# exit=1".
void split_directive(std::string_view rest, Token* t) {
  size_t hash = std::string_view::npos;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != '#') continue;
    if (i > 0 && rest[i - 1] == '\\') continue;
    if (i == 0 || rest[i - 1] == ' ' || rest[i - 1] == '\t') {
      hash = i;
      break;
    }
  }
  if (hash == std::string_view::npos) {
    t->description = kc::trim_blanks(rest);
    return;
  }
  t->description = kc::trim_blanks(rest.substr(0, hash));
  std::string_view after = kc::trim_blanks(rest.substr(hash + 1));
  size_t sp = after.find_first_of(" \t");
  std::string_view word = after.substr(0, sp);
  if (is_directive(word)) {
    t->directive = word;
    t->reason = sp == std::string_view::npos ? std::string_view{} : kc::trim_blanks(after.substr(sp));
  } else {
    t->reason = after;
  }
}

Token classify(std::string_view s) {
  Token t;
  if (s.starts_with("KTAP version ") || s.starts_with("TAP version ")) {
    t.kind = Kind::Version;
    return t;
  }
  if (s.starts_with("# Subtest:")) {
    t.kind = Kind::Subtest;
    t.text = kc::trim_blanks(s.substr(10));
    return t;
  }
  if (s.starts_with("Bail out!")) {
    t.kind = Kind::BailOut;
    t.text = kc::trim_blanks(s.substr(9));
    return t;
  }
  if (s.starts_with("1..")) {
    std::string_view rest = s.substr(3);
    size_t end = 0;
    while (end < rest.size() && rest[end] >= '0' && rest[end] <= '9') ++end;
    if (end > 0 && parse_int(rest.substr(0, end), &t.count) &&
        (end == rest.size() || rest[end] == ' ' || rest[end] == '\t')) {
      t.kind = Kind::Plan;
      split_directive(rest.substr(end), &t);
      return t;
    }
  }
  std::string_view rest;
  if (s.starts_with("ok") && (s.size() == 2 || s[2] == ' ' || s[2] == '\t')) {
    t.ok = true;
    rest = s.substr(2);
  } else if (s.starts_with("not ok") && (s.size() == 6 || s[6] == ' ' || s[6] == '\t')) {
    rest = s.substr(6);
  } else {
    if (s.starts_with("#")) {
      t.kind = Kind::Diagnostic;
      t.text = kc::trim_blanks(s.substr(1));
    }
    return t;
  }
  t.kind = Kind::Result;
  rest = kc::trim_blanks(rest);
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  if (digits > 0 && (digits == rest.size() || rest[digits] == ' ' || rest[digits] == '\t')) {
    parse_int(rest.substr(0, digits), &t.number);
    rest = kc::trim_blanks(rest.substr(digits));
  }
  if (rest.starts_with("- ") || rest == "-") rest = rest.substr(1);
  split_directive(rest, &t);
  return t;
}

bool is_structural(Kind k) {
  return k == Kind::Version || k == Kind::Subtest || k == Kind::Plan || k == Kind::Result;
}

Outcome outcome_of(const Token& t) {
  std::string up;
  for (char c : t.directive) up += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  if (up == "SKIP") return Outcome::Skip;
  if (up == "TODO") return t.ok ? Outcome::Pass : Outcome::Skip;  // an expected failure
  if (up == "XFAIL") return Outcome::Pass;
  if (up == "TIMEOUT" || up == "ERROR") return Outcome::Fail;
  return t.ok ? Outcome::Pass : Outcome::Fail;
}

std::string upper(std::string_view s) {
  std::string up;
  for (char c : s) up += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return up;
}

}  // namespace

std::optional<double> KtapTest::duration() const {
  if (!start_time || !end_time || *end_time < *start_time) return std::nullopt;
  return *end_time - *start_time;
}

KtapParser::KtapParser() { stack_.push_back(Frame{}); }

const std::vector<KtapTest>& KtapParser::tests() const { return stack_.front().node.subtests; }

void KtapParser::on_line(size_t line_no, std::string_view line) {
  if (finished_) return;
  KernelLine kl = strip_kernel_prefix(line);
  if (stack_.front().next_first_line == 0) {
    stack_.front().next_first_line = line_no;
    stack_.front().next_start_time = kl.timestamp;
  }
  size_t depth = stack_.size() - 1;
  while (depth > 0 && !kl.text.starts_with(stack_[depth].prefix)) --depth;
  handle_at(depth, kl.text.substr(stack_[depth].prefix.size()), line_no, kl.timestamp);
  last_line_ = line_no;
  if (kl.timestamp) last_time_ = kl.timestamp;
}

void KtapParser::handle_at(size_t depth, std::string_view text, size_t line_no,
                           std::optional<double> ts) {
  // A TAP line with more prefix than this frame belongs to a new subtest level.
  std::string_view ext;
  size_t ws = 0;
  while (ws < text.size() && (text[ws] == ' ' || text[ws] == '\t')) ++ws;
  if (ws > 0) {
    ext = text.substr(0, ws);
  } else if (text.starts_with("# ")) {
    Kind k = classify(text.substr(2)).kind;
    if (k == Kind::Version || k == Kind::Plan || k == Kind::Result) ext = text.substr(0, 2);
  }
  if (!ext.empty()) {
    std::string_view inner = text.substr(ext.size());
    if (!is_structural(classify(inner).kind)) return;  // a deeper diagnostic or noise
    close_unfinished_above(depth, "crashed", line_no);
    open_frame(stack_[depth].prefix + std::string(ext), line_no, ts);
    handle_at(depth + 1, inner, line_no, ts);
    return;
  }

  Token t = classify(text);
  Frame& f = stack_[depth];
  switch (t.kind) {
    case Kind::Version:
      saw_tap_ = true;
      if (depth == 0 && f.started) start_document(line_no, ts);
      stack_[depth].started = true;
      break;
    case Kind::Subtest:
      saw_tap_ = true;
      if (depth > 0 && f.node.subtests.empty() && !f.plan) f.node.name = std::string(t.text);
      f.started = true;
      break;
    case Kind::Plan:
      saw_tap_ = true;
      close_unfinished_above(depth, "crashed", line_no);
      f.plan = t.count;
      f.plan_skip = upper(t.directive) == "SKIP";
      f.plan_reason = std::string(t.reason);
      f.started = true;
      break;
    case Kind::Result: {
      saw_tap_ = true;
      KtapTest node;
      if (stack_.size() > depth + 1) {
        close_unfinished_above(depth + 1, "crashed", line_no);
        Frame child = std::move(stack_.back());
        stack_.pop_back();
        node = std::move(child.node);
        node.outcome = outcome_of(t);
        check_plan(child, node);
      } else {
        node.first_line = f.next_first_line ? f.next_first_line : line_no;
        node.start_time = f.next_start_time;
        node.outcome = outcome_of(t);
      }
      Frame& parent = stack_[depth];
      if (!t.description.empty()) node.name = std::string(t.description);
      node.number = t.number;
      node.directive = upper(t.directive);
      if (!t.reason.empty()) node.reason = std::string(t.reason);
      node.last_line = line_no;
      node.end_time = ts ? ts : last_time_;
      parent.node.subtests.push_back(std::move(node));
      parent.next_first_line = line_no + 1;
      parent.next_start_time = ts ? ts : last_time_;
      parent.running.clear();
      parent.started = true;
      break;
    }
    case Kind::BailOut:
      saw_tap_ = true;
      close_unfinished_above(depth, "crashed", line_no);
      problems_.push_back("line " + std::to_string(line_no) + ": Bail out! " + std::string(t.text));
      if (depth > 0) f.node.reason = "bail out: " + std::string(t.text);
      break;
    case Kind::Diagnostic:
      // run_kselftest.sh announces each program before running it; if the
      // stream ends before its result, that is the test that crashed.
      if (t.text.starts_with("selftests: ")) f.running = std::string(t.text);
      break;
    case Kind::Other:
      break;
  }
}

void KtapParser::open_frame(const std::string& prefix, size_t line_no, std::optional<double> ts) {
  Frame f;
  f.prefix = prefix;
  f.node.first_line = line_no;
  f.node.start_time = ts;
  f.next_first_line = line_no;
  f.next_start_time = ts;
  // The announced program is the one whose TAP this frame holds.
  f.node.name = std::move(stack_.back().running);
  stack_.back().running.clear();
  stack_.push_back(std::move(f));
}

void KtapParser::close_unfinished_above(size_t depth, std::string_view reason, size_t line_no) {
  while (stack_.size() > depth + 1) {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    flush_running(f, reason);
    KtapTest node = std::move(f.node);
    node.outcome = Outcome::Fail;
    node.reason = node.reason.empty() ? std::string(reason)
                                      : node.reason + "; " + std::string(reason);
    node.last_line = last_line_ ? last_line_ : line_no;
    node.end_time = last_time_;
    stack_.back().node.subtests.push_back(std::move(node));
  }
}

void KtapParser::check_plan(const Frame& f, KtapTest& node) const {
  if (!node.reason.empty() && node.reason.starts_with("bail out")) node.outcome = Outcome::Fail;
  if (!f.plan || node.outcome != Outcome::Pass) return;
  int got = static_cast<int>(node.subtests.size());  // f.node was moved into node
  if (got < *f.plan) {
    node.outcome = Outcome::Fail;
    node.reason = "expected " + std::to_string(*f.plan) + " subtests, got " + std::to_string(got);
  }
}

void KtapParser::flush_running(Frame& f, std::string_view reason) {
  if (f.running.empty()) return;
  KtapTest running;
  running.name = std::move(f.running);
  running.outcome = Outcome::Fail;
  running.reason = std::string(reason);
  running.first_line = f.next_first_line;
  running.start_time = f.next_start_time;
  running.last_line = last_line_;
  running.end_time = last_time_;
  f.node.subtests.push_back(std::move(running));
  f.running.clear();
}

void KtapParser::check_root_plan() {
  Frame& root = stack_.front();
  size_t got = root.node.subtests.size() - document_first_;
  if (root.plan && got < static_cast<size_t>(*root.plan))
    problems_.push_back("plan 1.." + std::to_string(*root.plan) + " but " + std::to_string(got) +
                        " results");
}

void KtapParser::start_document(size_t line_no, std::optional<double> ts) {
  close_unfinished_above(0, "crashed", line_no);
  Frame& root = stack_.front();
  flush_running(root, "crashed");
  check_root_plan();
  document_first_ = root.node.subtests.size();
  root.plan.reset();
  root.started = false;
  root.next_first_line = line_no;
  root.next_start_time = ts;
}

void KtapParser::finish(std::string_view reason) {
  if (finished_) return;
  close_unfinished_above(0, reason, last_line_);
  flush_running(stack_.front(), reason);
  check_root_plan();
  finished_ = true;
}

}  // namespace krun::suites

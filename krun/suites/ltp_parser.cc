#include "krun/suites/ltp_parser.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "krun/suites/kernel_line.h"
#include "common/text_lines.h"

namespace krun::suites {

namespace {

// Value of `key=` in "tag=abort01 stime=1700000000" style lines.
std::optional<std::string> field(std::string_view line, std::string_view key) {
  size_t pos = 0;
  while ((pos = line.find(key, pos)) != std::string_view::npos) {
    if ((pos == 0 || line[pos - 1] == ' ') && pos + key.size() < line.size() &&
        line[pos + key.size()] == '=') {
      std::string_view v = line.substr(pos + key.size() + 1);
      return std::string(v.substr(0, v.find(' ')));
    }
    pos += key.size();
  }
  return std::nullopt;
}

// Console lines can be megabytes long: both result-line shapes are read by
// splitting into words, in linear time, not by regular expressions.
std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < s.size()) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
    size_t end = pos;
    while (end < s.size() && s[end] != ' ' && s[end] != '\t') ++end;
    if (end > pos) out.push_back(s.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool is_integer(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// runltp -p: "abort01                                            PASS       0"
struct TableLine { std::string name, word, exit; };
std::optional<TableLine> table_line(std::string_view line) {
  auto w = words(line);
  if (w.size() != 3 || !is_integer(w[2])) return std::nullopt;
  for (std::string_view word : {"PASS", "FAIL", "CONF", "BROK", "WARN"})
    if (w[1] == word) return TableLine{std::string(w[0]), std::string(w[1]), std::string(w[2])};
  return std::nullopt;
}

// kirk: "abort01: pass  (0.012s)"
struct KirkLine { std::string name, word; std::optional<double> seconds; };
std::optional<KirkLine> kirk_line(std::string_view line) {
  auto w = words(line);
  if (w.size() < 2 || w.size() > 3 || w[0].size() < 2 || w[0].back() != ':') return std::nullopt;
  if (line.find(": ") != w[0].size() - 1) return std::nullopt;  // exactly one space after the name
  KirkLine k{std::string(w[0].substr(0, w[0].size() - 1)), std::string(w[1]), std::nullopt};
  bool known = false;
  for (std::string_view word : {"pass", "fail", "skip", "broken", "warn"}) known = known || w[1] == word;
  if (!known) return std::nullopt;
  if (w.size() == 3) {
    std::string_view t = w[2];
    if (t.size() < 4 || t.front() != '(' || t.substr(t.size() - 2) != "s)") return std::nullopt;
    t = t.substr(1, t.size() - 3);
    // Seconds as kirk prints them: digits, then optionally '.' and digits.
    const size_t dot = t.find('.');
    const std::string_view whole = t.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view("0") : t.substr(dot + 1);
    auto digits = [](std::string_view d) {
      return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(whole) || !digits(frac)) return std::nullopt;
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
    k.seconds = v;
  }
  return k;
}

}  // namespace

LtpCase& LtpParser::get(const std::string& name, size_t line_no) {
  auto it = index_.find(name);
  if (it != index_.end()) return cases_[it->second];
  index_[name] = cases_.size();
  LtpCase c;
  c.name = name;
  c.first_line = line_no;
  c.last_line = line_no;
  cases_.push_back(std::move(c));
  return cases_.back();
}

void LtpParser::count_result_word(std::string_view text) {
  // New API: "file.c:12: TPASS: msg"; old API: "name    1  TPASS  :  msg".
  for (std::string_view word : {"TPASS", "TFAIL", "TCONF", "TBROK", "TWARN"}) {
    size_t pos = text.find(word);
    if (pos == std::string_view::npos) continue;
    bool starts = pos == 0 || text[pos - 1] == ' ' || text[pos - 1] == '\t';
    size_t after = pos + word.size();
    bool ends = after == text.size() || text[after] == ':' || text[after] == ' ';
    if (!starts || !ends) continue;
    if (word == "TPASS") ++counts_.pass;
    if (word == "TFAIL") ++counts_.fail;
    if (word == "TCONF") ++counts_.conf;
    if (word == "TBROK") ++counts_.brok;
    if (word == "TWARN") ++counts_.warn;
    return;
  }
}

void LtpParser::end_current(size_t line_no) {
  if (current_.empty()) return;
  LtpCase& c = get(current_, line_no);
  c.last_line = line_no;
  if (counts_.fail || counts_.brok) {
    c.outcome = Outcome::Fail;
    c.reason = counts_.brok ? "TBROK" : "TFAIL";
  } else if (counts_.warn) {
    c.outcome = Outcome::Fail;
    c.reason = "TWARN";
  } else if (counts_.pass) {
    c.outcome = Outcome::Pass;
  } else if (counts_.conf) {
    c.outcome = Outcome::Skip;
    c.reason = "TCONF";
  } else if (exit_code_) {
    // No result lines (a shell test, or output lost): use the exit code;
    // 32 is TCONF in LTP's exit status bits.
    c.outcome = *exit_code_ == 0 ? Outcome::Pass : *exit_code_ == 32 ? Outcome::Skip : Outcome::Fail;
    if (*exit_code_ != 0) c.reason = "exit " + std::to_string(*exit_code_);
  }
  if (exit_code_ && *exit_code_ != 0 && c.outcome == Outcome::Pass) {
    c.outcome = Outcome::Fail;
    c.reason = "exit " + std::to_string(*exit_code_);
  }
  current_.clear();
  counts_ = {};
  exit_code_.reset();
  state_ = State::Idle;
}

void LtpParser::on_line(size_t line_no, std::string_view raw) {
  std::string_view line = kc::trim_blanks(strip_kernel_prefix(raw).text);
  last_line_ = line_no;
  if (line == "<<<test_start>>>") {
    end_current(line_no);  // a missing <<<test_end>>>: close what we have
    state_ = State::Header;
    return;
  }
  if (line == "<<<test_output>>>") { state_ = State::Output; return; }
  if (line == "<<<execution_status>>>") { state_ = State::Status; return; }
  if (line == "<<<test_end>>>") { end_current(line_no); return; }

  switch (state_) {
    case State::Header:
      if (auto tag = field(line, "tag")) {
        current_ = *tag;
        get(current_, line_no).first_line = line_no;
        counts_ = {};
      }
      return;
    case State::Output:
      count_result_word(line);
      return;
    case State::Status:
      if (auto id = field(line, "termination_id")) {
        int v = 0;
        if (std::from_chars(id->data(), id->data() + id->size(), v).ec == std::errc()) exit_code_ = v;
      }
      if (auto d = field(line, "duration"); d && !current_.empty()) {
        double v = 0;
        if (std::from_chars(d->data(), d->data() + d->size(), v).ec == std::errc())
          get(current_, line_no).duration = v;
      }
      return;
    case State::Idle:
      break;
  }
  if (auto t = table_line(line)) {
    LtpCase& c = get(t->name, line_no);
    const std::string& word = t->word;
    c.outcome = word == "PASS" ? Outcome::Pass : word == "CONF" ? Outcome::Skip : Outcome::Fail;
    c.reason = word == "PASS" ? "" : word == "CONF" ? "TCONF" : word == "FAIL" ? "TFAIL" : "T" + word;
    if (word == "FAIL" && t->exit != "0" && t->exit != "1") c.reason = "exit " + t->exit;
  } else if (auto k = kirk_line(line)) {
    LtpCase& c = get(k->name, line_no);
    const std::string& word = k->word;
    c.outcome = word == "pass" ? Outcome::Pass : word == "skip" ? Outcome::Skip : Outcome::Fail;
    c.reason = word == "broken" ? "TBROK" : word == "warn" ? "TWARN" : word == "skip" ? "TCONF" : "";
    if (word == "fail") c.reason = "TFAIL";
    if (k->seconds) c.duration = k->seconds;
  }
}

void LtpParser::finish(std::string_view reason) {
  if (current_.empty()) return;
  LtpCase& c = get(current_, last_line_);
  c.outcome = Outcome::Fail;
  c.reason = std::string(reason);
  c.last_line = last_line_;
  current_.clear();
  state_ = State::Idle;
}

std::vector<LtpCase> LtpParser::cases() const { return cases_; }

}  // namespace krun::suites

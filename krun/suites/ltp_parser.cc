#include "krun/suites/ltp_parser.h"

#include <charconv>
#include <regex>

#include "krun/suites/kernel_line.h"

namespace krun::suites {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

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

const std::regex& table_line() {
  // runltp -p: "abort01                                            PASS       0"
  static const std::regex re(R"(^(\S+)\s+(PASS|FAIL|CONF|BROK|WARN)\s+(-?\d+)$)");
  return re;
}

const std::regex& kirk_line() {
  // kirk: "abort01: pass  (0.012s)"
  static const std::regex re(R"(^(\S+): (pass|fail|skip|broken|warn)\s*(?:\((\d+(?:\.\d+)?)s\))?$)");
  return re;
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
  std::string_view line = trim(strip_kernel_prefix(raw).text);
  last_line_ = line_no;
  if (line == "<<<test_start>>>") {
    end_current(line_no);  // a missing <<<test_end>>>: close what we have
    state_ = State::Header;
    return;
  }
  if (line == "<<<test_output>>>") { state_ = State::Output; return; }
  if (line == "<<<execution_status>>>") { state_ = State::Status; return; }
  if (line == "<<<test_end>>>") { end_current(line_no); return; }

  std::smatch m;
  std::string s(line);
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
  if (std::regex_match(s, m, table_line())) {
    LtpCase& c = get(m[1], line_no);
    std::string word = m[2];
    c.outcome = word == "PASS" ? Outcome::Pass : word == "CONF" ? Outcome::Skip : Outcome::Fail;
    c.reason = word == "PASS" ? "" : word == "CONF" ? "TCONF" : word == "FAIL" ? "TFAIL" : "T" + word;
    if (word == "FAIL" && m[3] != "0" && m[3] != "1") c.reason = "exit " + m[3].str();
  } else if (std::regex_match(s, m, kirk_line())) {
    LtpCase& c = get(m[1], line_no);
    std::string word = m[2];
    c.outcome = word == "pass" ? Outcome::Pass : word == "skip" ? Outcome::Skip : Outcome::Fail;
    c.reason = word == "broken" ? "TBROK" : word == "warn" ? "TWARN" : word == "skip" ? "TCONF" : "";
    if (word == "fail") c.reason = "TFAIL";
    if (m[3].matched) c.duration = std::stod(m[3]);
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

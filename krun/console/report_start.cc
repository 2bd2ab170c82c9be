#include "krun/console/report_start.h"

#include <re2/re2.h>
#include <re2/set.h>
#include <string.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <vector>

#include "krun/console/report_families.h"
#include "krun/console/stack_frames.h"

namespace krun {
namespace {

bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

// s up to the first of the delimiters.
std::string_view cut_at(std::string_view s, std::initializer_list<std::string_view> delims) {
  size_t end = s.size();
  for (std::string_view d : delims) end = std::min(end, s.find(d));
  return s.substr(0, end);
}

// "mm/slub.c:123!" / "lib/foo.c:12:3" -> "mm/slub.c" / "lib/foo.c".
std::string source_file(std::string_view location) {
  location = cut_at(location, {" ", "!"});
  return std::string(cut_at(location, {":"}));
}

bool is_identifier(std::string_view w) {
  if (w.empty() || std::isdigit(static_cast<unsigned char>(w[0]))) return false;
  return std::all_of(w.begin(), w.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  });
}

// The function a capture names: "f+0x1c/0x40 [mod]", "f()" or a bare "f".
std::string function_named(std::string_view text) {
  std::string f = frame_function(text);
  if (!f.empty()) return f;
  std::string_view word = cut_at(text, {" "});
  if (word.ends_with("()")) word.remove_suffix(2);
  return is_identifier(word) ? std::string(word) : "";
}

constexpr int kMaxCaptures = 9;

struct Captures {
  std::array<std::string_view, kMaxCaptures + 1> group{};
};

// Expands {N} and {file:N}; sets `all_empty` when every capture it used
// came out empty (the caller then prefers the bare form, or nothing).
std::string render(std::string_view tmpl, const Captures& c, bool* all_empty) {
  std::string out;
  bool used = false, any = false;
  size_t i = 0;
  while (i < tmpl.size()) {
    size_t open = tmpl.find('{', i);
    size_t close = open == std::string_view::npos ? open : tmpl.find('}', open);
    if (close == std::string_view::npos) {
      out += tmpl.substr(i);
      break;
    }
    out += tmpl.substr(i, open - i);
    std::string_view ref = tmpl.substr(open + 1, close - open - 1);
    bool file = ref.starts_with("file:");
    if (file) ref.remove_prefix(5);
    int n = ref.size() == 1 && std::isdigit(static_cast<unsigned char>(ref[0])) ? ref[0] - '0' : 0;
    std::string value = file ? source_file(c.group[n]) : clean_title_text(c.group[n]);
    used = true;
    any = any || !value.empty();
    out += value;
    i = close + 1;
  }
  if (all_empty) *all_empty = used && !any;
  return out;
}

// The byte of `literal` to look for first: its first that is not a letter,
// digit or space, which most console lines are made of.
size_t rare_byte_of(std::string_view literal) {
  for (size_t i = 0; i < literal.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(literal[i])) && literal[i] != ' ') return i;
  return 0;
}

// Whether `literal` is in the first kLiteralWithin bytes of `text`, found
// by its rare byte with memchr, since this runs on every console line.
bool contains_literal(std::string_view text, std::string_view literal, size_t pivot) {
  text = text.substr(0, kLiteralWithin);
  const char* at = text.data() + std::min(pivot, text.size());
  const char* end = text.data() + text.size();
  while (at < end) {
    at = static_cast<const char*>(memchr(at, literal[pivot], static_cast<size_t>(end - at)));
    if (!at) return false;
    size_t start = static_cast<size_t>(at - text.data()) - pivot;
    if (text.substr(start, literal.size()) == literal) return true;
    ++at;
  }
  return false;
}

// The table compiled once: an RE2::Set says which rows match a message in
// one pass; only the winning row is run again for its captures.
class FamilyMatcher {
 public:
  FamilyMatcher() : set_(options(), RE2::ANCHOR_START) {
    for (const ReportFamily& f : report_families()) {
      auto re = std::make_unique<RE2>(std::string(f.pattern), options());
      std::string error;
      if (!re->ok() || re->NumberOfCapturingGroups() > kMaxCaptures)
        throw std::logic_error("report family " + std::string(f.kind) + ": bad pattern " + std::string(f.pattern));
      if (f.contains.empty()) {
        int in_set = set_.Add(f.pattern, &error);
        if (in_set < 0) throw std::logic_error("report family " + std::string(f.kind) + ": " + error);
        set_rows_.push_back(rows_.size());
      } else {
        literal_rows_.push_back(rows_.size());
      }
      rows_.push_back({&f, std::move(re), rare_byte_of(f.contains)});
    }
    if (!set_.Compile()) throw std::logic_error("report families: the patterns do not compile together");
  }

  std::optional<ReportStart> match(std::string_view message) const {
    re2::StringPiece text(message.data(), message.size());
    // The first row in table order that matches wins.
    size_t first = rows_.size();
    // Asking for the matching rows costs an allocation; most lines match
    // none, so ask whether any does first.
    if (set_.Match(text, nullptr)) {
      std::vector<int> hits;
      set_.Match(text, &hits);
      for (int h : hits) first = std::min(first, set_rows_[static_cast<size_t>(h)]);
    }
    for (size_t r : literal_rows_)
      if (r < first && contains_literal(message, rows_[r].family->contains, rows_[r].rare_byte) &&
          rows_[r].re->Match(text, 0, text.size(), RE2::ANCHOR_START, nullptr, 0))
        first = r;
    if (first == rows_.size()) return std::nullopt;
    const Row& row = rows_[first];
    if (row.family->kind.empty()) return std::nullopt;  // a look-alike that is not a report
    std::array<re2::StringPiece, kMaxCaptures + 1> pieces;
    int groups = row.re->NumberOfCapturingGroups() + 1;
    if (!row.re->Match(text, 0, message.size(), RE2::ANCHOR_START, pieces.data(), groups)) return std::nullopt;
    Captures c;
    for (int g = 0; g < groups; ++g) c.group[g] = std::string_view(pieces[g].data(), pieces[g].size());
    return start_of(*row.family, c);
  }

 private:
  struct Row {
    const ReportFamily* family;
    std::unique_ptr<RE2> re;
    size_t rare_byte;  // where in family->contains to look first
  };
  RE2::Set set_;
  std::vector<Row> rows_;
  std::vector<size_t> set_rows_;      // the set's pattern number -> row
  std::vector<size_t> literal_rows_;  // rows tried only on lines with their literal

  static RE2::Options options() {
    RE2::Options o;
    o.set_encoding(RE2::Options::EncodingLatin1);  // console bytes, valid UTF-8 or not
    o.set_log_errors(false);
    return o;
  }

  static ReportStart start_of(const ReportFamily& f, const Captures& c) {
    ReportStart r;
    r.kind = std::string(f.kind);
    bool bare = false;
    r.stem = render(f.title, c, &bare);
    if (bare && !f.bare_title.empty()) r.stem = std::string(f.bare_title);
    if (f.function_from > 0) {
      std::string_view named = c.group[static_cast<size_t>(f.function_from)];
      r.function = function_named(named);
      r.function_module = parse_frame(named).module;
    }
    bool no_fallback = false;
    r.fallback = render(f.fallback, c, &no_fallback);
    if (no_fallback) r.fallback.clear();
    r.function_in_title = !(f.flags & kNoFunctionInTitle);
    r.points_at_code = !(f.flags & kNoCulprit);
    r.takes_access = f.flags & kTakesAccess;
    r.oops_line = f.flags & kOopsLine;
    r.awaits_oops = f.flags & kAwaitsOops;
    r.sanitizer = f.flags & kSanitizer;
    r.ends_itself = f.flags & kEndsItself;
    r.awaits_report = f.flags & kAwaitsReport;
    r.once_per_log = f.flags & kOncePerLog;
    r.not_first_in_log = f.flags & kNotFirstInLog;
    r.warn_or_bug_line = f.flags & kWarnOrBugLine;
    r.skips = f.skips;
    return r;
  }

};

}  // namespace

std::optional<ReportStart> match_report_start(std::string_view message) {
  // Report lines are never indented; indented lines are a report's body.
  if (message.empty() || message[0] == ' ' || message[0] == '\t') return std::nullopt;
  static const FamilyMatcher matcher;
  return matcher.match(message);
}

bool is_rule_line(std::string_view m) {
  while (!m.empty() && (m.back() == ' ' || m.back() == '\t')) m.remove_suffix(1);
  return m.size() >= 20 && m.find_first_not_of('=') == std::string_view::npos;
}

bool is_report_preamble(std::string_view m) {
  return contains(m, "[ cut here ]") || m.starts_with("8<--- cut here") || is_rule_line(m);
}

bool is_end_marker(std::string_view m) {
  return m.starts_with("---[ end trace") || m.starts_with("---[ end Kernel panic");
}

std::string clean_title_text(std::string_view text) {
  auto is_hex = [](std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c));
    });
  };
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    std::string_view word = text.substr(i, end - i);
    i = end;
    if (word.empty()) continue;
    std::string_view bare = word;
    while (!bare.empty() && (bare.front() == '(' || bare.front() == '[')) bare.remove_prefix(1);
    while (!bare.empty() && (bare.back() == ')' || bare.back() == ']' || bare.back() == ',' ||
                             bare.back() == ':' || bare.back() == ';'))
      bare.remove_suffix(1);
    if (bare.starts_with("0x") || (bare.size() >= 8 && is_hex(bare)) || contains(word, "=0x")) continue;
    size_t offset = word.find("+0x");  // "foo+0x12/0x30" -> "foo"
    if (offset != std::string_view::npos) word = word.substr(0, offset);
    if (!out.empty()) out += ' ';
    for (char c : word) {
      unsigned char u = static_cast<unsigned char>(c);
      out += (u < 0x20 || u >= 0x7f) ? '?' : c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ':' || out.back() == ';'))
    out.pop_back();
  return out;
}

}  // namespace krun

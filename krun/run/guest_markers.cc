#include "krun/run/guest_markers.h"

#include <charconv>

namespace krun {

namespace {

constexpr std::string_view kMarker = "<<KRUN>> ";

std::string_view next_word(std::string_view& rest) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  size_t end = rest.find(' ');
  std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  return word;
}

std::optional<int> parse_int(std::string_view s) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::string_view strip_line_end(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

}  // namespace

void GuestMarkers::on_line(size_t line_no, std::string_view line) {
  size_t at = line.find(kMarker);
  if (at == std::string_view::npos) return;
  std::string_view rest = strip_line_end(line.substr(at + kMarker.size()));
  std::string_view verb = next_word(rest);
  if (verb == "BOOT") {
    if (!booted_) boot_line_ = line_no;
    booted_ = true;
  } else if (verb == "DONE") {
    done_ = true;
  } else if (verb == "START") {
    std::string_view name = next_word(rest);
    if (!name.empty()) tests_.push_back({std::string(name), std::nullopt, line_no, line_no});
  } else if (verb == "END") {
    std::string_view name = next_word(rest);
    auto code = parse_int(next_word(rest));
    if (name.empty() || !code) return;
    for (auto it = tests_.rbegin(); it != tests_.rend(); ++it) {
      if (it->name == name && !it->exit_code) {
        it->exit_code = *code;
        it->last_line = line_no;
        return;
      }
    }
    // An END without START still reports the test (its START line was lost).
    tests_.push_back({std::string(name), *code, line_no, line_no});
  } else if (verb == "MODULE") {
    std::string_view name = next_word(rest);
    auto code = parse_int(next_word(rest));
    if (!name.empty() && code) modules_.push_back({std::string(name), *code});
  }
}

const GuestTest* GuestMarkers::running() const {
  if (!tests_.empty() && !tests_.back().exit_code) return &tests_.back();
  return nullptr;
}

}  // namespace krun

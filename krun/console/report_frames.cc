#include "krun/console/report_frames.h"

#include <cctype>

#include "krun/console/message_text.h"
#include "krun/console/report_body.h"
#include "krun/console/report_start.h"

namespace krun {
namespace {

bool is_symbol_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '$';
}

uint64_t hex_value(std::string_view digits) {
  uint64_t v = 0;
  for (char c : digits) {
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10);
    v = v * 16 + static_cast<uint64_t>(d);
  }
  return v;
}

// The lines of a stack that are neither frames nor its end: the x86
// context markers and unreliable frames.
bool is_trace_filler(std::string_view m) {
  size_t at = m.find_first_not_of(' ');
  if (at == std::string_view::npos) return false;
  m = m.substr(at);
  return m.starts_with("<TASK>") || m.starts_with("</TASK>") || m.starts_with("<IRQ>") ||
         m.starts_with("</IRQ>") || m.starts_with("<NMI>") || m.starts_with("</NMI>") ||
         m.starts_with("<EOI>") || m.starts_with("? ");
}

bool is_instruction_pointer_line(std::string_view m) {
  static constexpr std::string_view kPrefixes[] = {"RIP: ", "EIP: ", "pc : ", "epc : ", "PC is at ", "NIP: ",
                                                   "NIP ", "epc   : ", "PC: ", "pc: "};
  for (std::string_view p : kPrefixes)
    if (m.starts_with(p)) return true;
  return false;
}

}  // namespace

Frame parse_frame(std::string_view text) {
  for (size_t plus = text.find("+0x"); plus != std::string_view::npos; plus = text.find("+0x", plus + 1)) {
    size_t off_end = plus + 3;
    while (off_end < text.size() && std::isxdigit(static_cast<unsigned char>(text[off_end]))) ++off_end;
    if (off_end >= text.size() || text[off_end] != '/' || text.substr(off_end + 1, 2) != "0x") continue;
    size_t size_end = off_end + 3;
    while (size_end < text.size() && std::isxdigit(static_cast<unsigned char>(text[size_end]))) ++size_end;
    size_t start = plus;
    while (start > 0 && is_symbol_char(text[start - 1])) --start;
    if (start == plus || std::isdigit(static_cast<unsigned char>(text[start]))) continue;
    if (start >= 2 && text.substr(start - 2, 2) == "? ") return {};
    Frame f;
    f.function = std::string(text.substr(start, plus - start));
    f.offset = hex_value(text.substr(plus + 3, off_end - plus - 3));
    f.size = hex_value(text.substr(off_end + 3, size_end - off_end - 3));
    // " [crashme]": the module the function is in.
    if (text.substr(size_end, 2) == " [") {
      size_t close = text.find(']', size_end + 2);
      if (close != std::string_view::npos) f.module = std::string(text.substr(size_end + 2, close - size_end - 2));
    }
    return f;
  }
  return {};
}

std::vector<Frame> report_frames(std::string_view report_lines) {
  std::vector<Frame> frames;
  bool in_trace = false;
  size_t trace_frames = 0;
  size_t at = 0;
  while (at < report_lines.size() && frames.size() < kMaxFrames) {
    size_t nl = report_lines.find('\n', at);
    std::string_view line = report_lines.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    at = nl == std::string_view::npos ? report_lines.size() : nl + 1;
    std::string_view m = message_text(line);
    if (!in_trace) {
      if (is_trace_header(m)) {
        in_trace = true;
      } else if (frames.empty() && is_instruction_pointer_line(m)) {
        Frame f = parse_frame(m);
        if (!f.function.empty()) {
          f.at_fault = true;
          frames.push_back(std::move(f));
        }
      }
      continue;
    }
    Frame f = parse_frame(m);
    if (!f.function.empty() && !is_instruction_pointer_line(m)) {
      frames.push_back(std::move(f));
      ++trace_frames;
    } else if (!is_trace_filler(m) && (trace_frames > 0 || is_end_marker(m))) {
      break;  // the trace is over: user registers ("RIP: 0033:..."), the end marker
    }
  }
  return frames;
}

}  // namespace krun

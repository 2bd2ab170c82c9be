#include "krun/console/report_frames.h"

#include "common/text_lines.h"
#include "krun/console/message_text.h"
#include "krun/console/report_body.h"
#include "krun/console/report_start.h"

namespace krun {
namespace {

// The lines of a stack that are neither frames nor its end: the x86
// context markers and unreliable words that name no symbol ("? 0xffff...").
bool is_trace_filler(std::string_view m) {
  size_t at = m.find_first_not_of(' ');
  if (at == std::string_view::npos) return false;
  m = m.substr(at);
  return m.starts_with("<TASK>") || m.starts_with("</TASK>") || m.starts_with("<IRQ>") ||
         m.starts_with("</IRQ>") || m.starts_with("<NMI>") || m.starts_with("</NMI>") ||
         m.starts_with("<EOI>") || m.starts_with("? ");
}

}  // namespace

std::vector<Frame> report_frames(std::string_view report_lines) {
  std::vector<Frame> frames;
  bool in_trace = false, trace_over = false;
  size_t trace_frames = 0;
  kc::for_each_line(report_lines, [&](std::string_view line) {
    if (trace_over || frames.size() >= kMaxFrames) return;
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
      return;
    }
    Frame f = parse_frame(m);
    if (!f.function.empty() && !is_instruction_pointer_line(m)) {
      frames.push_back(std::move(f));
      ++trace_frames;
    } else if (!is_trace_filler(m) && (trace_frames > 0 || is_end_marker(m))) {
      trace_over = true;  // user registers ("RIP: 0033:..."), the end marker
    }
  });
  return frames;
}

}  // namespace krun

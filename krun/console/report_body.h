#pragma once
// Whether a console message looks like part of a kernel report's body:
// indented lines, register dumps ("RAX: ...", "x29: ..."), stack frames,
// and the section headers reports print ("Call Trace:", "Modules linked
// in:", "Allocated by task", ...). A report ends after a few lines that are
// not; lines that are not but fall between body lines are interleaved
// output and stay in the excerpt.
#include <string_view>

namespace krun {

bool is_report_body(std::string_view message);

// A line that starts a call trace ("Call Trace:", "Call trace:",
// "Backtrace:", kmemleak's "backtrace:").
bool is_trace_header(std::string_view message);

}  // namespace krun

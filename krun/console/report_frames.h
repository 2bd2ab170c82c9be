#pragma once
// The stack of a crash report as data: the faulting instruction ("RIP:",
// "pc :", ...) and the frames of its first call trace, each with its
// function, offset and module, as `scripts/decode_stacktrace.sh` reads them.
// A symbolizer (symbolizer.h) adds the source file and line.
#include <string_view>
#include <vector>

#include "krun/console/stack_frames.h"

namespace krun {

// At most this many frames per report: the bug is near the top.
constexpr size_t kMaxFrames = 64;

// The frames of a report (its console lines, as in Crash::excerpt): the
// faulting instruction, then its first call trace up to where the trace
// ends (user registers, the end marker); unreliable frames are kept and marked.
std::vector<Frame> report_frames(std::string_view report_lines);

}  // namespace krun

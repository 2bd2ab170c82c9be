#pragma once
// The stack of a crash report as data: the faulting instruction ("RIP:",
// "pc :", ...) and the frames of its first call trace, each with its
// function, offset and module, as `scripts/decode_stacktrace.sh` reads them.
// A symbolizer (symbolizer.h) adds the source file and line.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace krun {

struct Frame {
  std::string function;   // "crashme_init" (a clone suffix such as .isra.0 kept)
  uint64_t offset = 0;    // 0x1c of "crashme_init+0x1c/0x40"
  uint64_t size = 0;      // 0x40: the function's size, which tells same-named statics apart
  std::string module;     // "crashme" for "[crashme]", "" for the kernel itself
  bool at_fault = false;  // the faulting instruction, not a return address
  std::string file;       // source file relative to the tree, once symbolized
  unsigned line = 0;      // 0: not symbolized
};

// At most this many frames per report: the bug is near the top.
constexpr size_t kMaxFrames = 64;

// The first "sym+0xOFF/0xSIZE [module]" of `text`, unless it is marked
// unreliable ("? sym+..."); nullopt-like empty function when there is none.
Frame parse_frame(std::string_view text);

// The frames of a report (its console lines, as in Crash::excerpt): the
// faulting instruction, then its first call trace up to where the trace
// ends (user registers, the end marker), unreliable frames left out.
std::vector<Frame> report_frames(std::string_view report_lines);

}  // namespace krun

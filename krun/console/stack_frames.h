#pragma once
// Reading function names out of report lines.
//
// A crash report names code in a few shapes: "RIP: 0010:foo+0x12/0x30",
// "pc : foo+0x14/0x30", "PC is at foo+0x10/0x20", call trace frames
// " foo+0x12/0x30", " ? foo+0x1/0x2" (unreliable), "[<c0101234>] (foo) from",
// kmemleak's "[<ffffffff81234567>] foo+0x1/0x2". The title of a report wants
// the first function that is the bug's own code, not the reporting,
// exception, locking or allocation machinery around it: those are the
// "helper" functions (a data table in helper_functions.cc).
#include <cstdint>
#include <string>
#include <string_view>

namespace krun {

struct Frame {
  std::string function;   // "crashme_init" (a clone suffix such as .isra.0 kept)
  uint64_t offset = 0;    // 0x1c of "crashme_init+0x1c/0x40"
  uint64_t size = 0;      // 0x40: the function's size, which tells same-named statics apart
  std::string module;     // "crashme" for "[crashme]", "" for the kernel itself
  bool at_fault = false;  // the faulting instruction, not a return address
  // false for "? foo+0x1/0x2": a word on the stack the unwinder could not
  // vouch for (every frame, with x86's guess unwinder); never a title's
  // function, but still decoded, as scripts/decode_stacktrace.sh does.
  bool reliable = true;
  std::string file;       // source file relative to the tree, once symbolized
  unsigned line = 0;      // 0: not symbolized
};

// The first "sym+0xOFF/0xSIZE [module]" of `text` (a "? " before it makes
// it unreliable); an empty function when there is none.
Frame parse_frame(std::string_view text);

// The function of the first reliable frame in `text` ("foo" for
// "foo.isra.0+0x12/0x30"), or "" when the text holds none. A frame marked
// unreliable with "? " is skipped.
std::string frame_function(std::string_view text);

// The function a register line points at, for lines that give the faulting
// instruction: x86 "RIP:", arm64/riscv "pc :"/"epc :", arm "PC is at",
// powerpc "NIP ", mips "epc   :". "" when `message` is not such a line or
// names no kernel symbol (a user-space RIP).
std::string instruction_pointer_function(std::string_view message);

// Whether `message` gives the faulting instruction (the lines above).
bool is_instruction_pointer_line(std::string_view message);

// True for functions that report, trap, lock, schedule or allocate on
// behalf of the code that has the bug. That machinery is built into the
// kernel: a function of a module (`module` not empty) is the module's own
// code, even one named like it (mm/kasan/kasan_test.c's kasan_strings).
bool is_helper_function(std::string_view function, std::string_view module = {});
// Whether `function` is one of `skips` (space-separated names, a trailing
// '*' for a prefix): the helpers of one report family.
bool is_family_helper(std::string_view function, std::string_view skips);

}  // namespace krun

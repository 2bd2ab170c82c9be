#pragma once
// Source file and line for the frames of crash reports, from the kernel's
// vmlinux with debug info (kbuild's debugkernel target, or --vmlinux), the
// way scripts/decode_stacktrace.sh does it: the function's address from the
// symbol table plus the frame's offset, looked up in the DWARF line table.
// LLVM's llvm-nm and llvm-symbolizer read an ELF of any architecture, so a
// riscv64 vmlinux resolves on an x86_64 host (Debian package llvm).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "krun/console/crash.h"

namespace krun {

class Symbolizer {
 public:
  // Reads the symbol table of `vmlinux`, decompressing a vmlinux.xz/.gz/.zst
  // into `scratch_dir` first. Throws kc::Error(Usage) naming the file when it
  // is missing, not an ELF or has no symbols, Error(Infrastructure) when
  // LLVM's tools are missing.
  Symbolizer(const std::filesystem::path& vmlinux, const std::filesystem::path& scratch_dir);

  // Fills file and line of the kernel's own frames (a module's frames would
  // need its .ko and stay as they are). A return address is looked up one
  // byte back, at the call, as gdb does; the faulting instruction as it is.
  // Returns how many frames got a line.
  size_t resolve(std::vector<Frame>& frames) const;
  size_t resolve(std::vector<Crash>& crashes) const;

 private:
  struct Symbol {
    uint64_t address, size;
  };
  std::filesystem::path elf_;
  std::unordered_multimap<std::string, Symbol> symbols_;
};

// Symbolizes the crashes' frames with `vmlinux` (nothing when there are no
// crashes or no vmlinux); a vmlinux that cannot be read costs a W: line, not
// the results. Says how many frames got a line.
void symbolize_crashes(std::vector<Crash>& crashes, const std::filesystem::path& vmlinux,
                       const std::filesystem::path& scratch_dir);

// "drivers/tty/sysrq.c:153": where the crash's function (else its first
// symbolized frame) is; "" when no frame was symbolized.
std::string crash_location(const Crash& crash);

// llvm-symbolizer's answer for `count` addresses (blocks of function and
// "file:line:column" line pairs, innermost inline first, blank line between
// blocks) as (file, line) per address; ("", 0) where it knows none.
std::vector<std::pair<std::string, unsigned>> parse_symbolizer_output(std::string_view out, size_t count);

// A debug-info file name relative to the kernel tree: kbuild's fixed
// in-container source and build folders and "./" dropped.
std::string tree_relative(std::string_view path);

}  // namespace krun

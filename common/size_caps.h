#pragma once
// The bounds on what one input can make the tools hold or write, in one
// table: a runaway guest, a sparse tarball or a huge download must end in a
// clear message, not an exhausted disk or memory. Each cap names the
// environment variable that raises it, and the message says so.
#include <cstdint>
#include <string>
#include <string_view>

namespace kc {

struct SizeCap {
  const char* env_var;     // raises the cap, e.g. KRUN_MAX_CONSOLE_LOG=2G
  uint64_t default_bytes;
  const char* what;        // "the console log", for messages

  // The cap in force: the environment's value when set and valid, else the
  // default. A bad value is a usage error naming the variable.
  uint64_t bytes() const;
  // "512 MiB (KRUN_MAX_CONSOLE_LOG raises it)".
  std::string describe() const;
};

namespace caps {
// console.log of one boot: the parsers still read everything past it.
inline constexpr SizeCap kConsoleLog{"KRUN_MAX_CONSOLE_LOG", 512ull << 20, "the console log"};
// What one archive (modules, overlay, rootfs, LTP source, kselftest) may
// unpack to: a sparse or bomb tarball of a few KB must not fill the disk.
inline constexpr SizeCap kUnpackedArchive{"KRUN_MAX_UNPACKED_SIZE", 8ull << 30, "an unpacked archive"};
// A body read into memory (kconfig fragments by URL, InRelease files).
inline constexpr SizeCap kTextDownload{"KBUILD_MAX_TEXT_DOWNLOAD", 64ull << 20, "a downloaded text file"};
}  // namespace caps

// "4096", "64K", "512M", "8G", "1T" (binary units; "MiB" and "MB" read as
// "M"). Zero or anything else throws Error(Usage) naming `what`.
uint64_t parse_size(std::string_view text, std::string_view what);
// 1536 → "1.5 KiB", 512 MiB → "512 MiB".
std::string human_size(uint64_t bytes);

}  // namespace kc

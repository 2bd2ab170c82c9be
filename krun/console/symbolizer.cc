#include "krun/console/symbolizer.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include "common/archive.h"
#include "common/console.h"
#include "common/errors.h"
#include "common/kbuild_paths.h"
#include "common/process.h"
#include "common/text_lines.h"
#include "krun/console/stack_frames.h"

namespace krun {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::seconds kToolTimeout{300};  // a full vmlinux's symbols and DWARF take seconds
constexpr size_t kAddressesPerCall = 512;           // argv stays small

std::string required_tool(const char* name) {
  if (kc::find_program(name).empty())
    throw kc::infra_error(fmt::format("symbolizing crash frames needs {} on PATH (apt-get install llvm)", name));
  return name;
}

// A compressed vmlinux (kbuild's debugkernel target ships vmlinux.xz) is
// unpacked once per scratch folder.
fs::path elf_of(const fs::path& vmlinux, const fs::path& scratch_dir) {
  std::error_code ec;
  if (!fs::is_regular_file(vmlinux, ec))
    throw kc::usage_error(fmt::format("vmlinux {} does not exist; give the unstripped vmlinux of the booted kernel "
                                      "(kbuild's debugkernel target)",
                                      vmlinux.string()));
  std::string ext = vmlinux.extension().string();
  auto compressed = {kc::Compression::Xz, kc::Compression::Gzip, kc::Compression::Zstd, kc::Compression::Bzip2};
  if (std::none_of(compressed.begin(), compressed.end(),
                   [&](kc::Compression c) { return ext == kc::compressed_suffix(c); }))
    return vmlinux;
  fs::create_directories(scratch_dir);
  fs::path out = scratch_dir / vmlinux.stem();
  if (!fs::exists(out)) kc::decompress_to_file(vmlinux, out);
  return out;
}

bool is_text_symbol(char type) { return type == 't' || type == 'T' || type == 'w' || type == 'W'; }

// A whole hexadecimal number, or nullopt.
std::optional<uint64_t> hex(std::string_view s) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

std::string tree_relative(std::string_view path) {
  for (std::string_view root : {std::string_view(kc::kGuestSource), std::string_view(kc::kGuestBuild)}) {
    if (path.starts_with(root) && path.size() > root.size() && path[root.size()] == '/')
      return std::string(path.substr(root.size() + 1));
  }
  while (path.starts_with("./")) path.remove_prefix(2);
  return std::string(path);
}

std::vector<std::pair<std::string, unsigned>> parse_symbolizer_output(std::string_view out, size_t count) {
  std::vector<std::pair<std::string, unsigned>> result;
  std::vector<std::string_view> block;
  auto close_block = [&] {
    if (block.empty()) return;
    // Lines alternate: function, file:line:column. The first pair is the
    // innermost inlined code, where the instruction really is.
    std::pair<std::string, unsigned> where{"", 0};
    if (block.size() >= 2) {
      std::string_view loc = block[1];
      size_t colon2 = loc.rfind(':');
      size_t colon1 = colon2 == std::string_view::npos || colon2 == 0 ? std::string_view::npos : loc.rfind(':', colon2 - 1);
      if (colon1 != std::string_view::npos) {
        std::string_view file = loc.substr(0, colon1);
        std::string_view line = loc.substr(colon1 + 1, colon2 - colon1 - 1);
        unsigned n = 0;
        auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), n);
        bool number = ec == std::errc() && end == line.data() + line.size();
        if (file != "??" && number && n > 0) where = {tree_relative(file), n};
      }
    }
    result.push_back(std::move(where));
    block.clear();
  };
  kc::for_each_line(out, [&](std::string_view line) {
    if (line.empty()) close_block();
    else block.push_back(line);
  });
  close_block();
  result.resize(count, {"", 0});
  return result;
}

Symbolizer::Symbolizer(const fs::path& vmlinux, const fs::path& scratch_dir) {
  std::string nm = required_tool("llvm-nm");
  required_tool("llvm-symbolizer");
  elf_ = elf_of(vmlinux, scratch_dir);
  kc::ProcessOptions o;
  o.argv = {nm, "--defined-only", "--print-size", elf_.string()};
  o.timeout = kToolTimeout;
  kc::ProcessResult r = kc::run_process(o);
  if (!r.ok())
    throw kc::usage_error(fmt::format("cannot read the symbols of vmlinux {}: llvm-nm {}: {}; is it the kernel's "
                                      "unstripped ELF vmlinux?",
                                      vmlinux.string(), r.describe(), kc::trim_blanks(kc::first_line(r.err))));
  // "ffffffff81000000 0000000000000040 T _stext": address, size, type, name.
  kc::for_each_line(r.out, [&](std::string_view line) {
    size_t a = line.find(' ');
    if (a == std::string_view::npos) return;
    size_t b = line.find(' ', a + 1);
    if (b == std::string_view::npos || b + 3 >= line.size() || line[b + 2] != ' ') return;
    if (!is_text_symbol(line[b + 1])) return;
    auto address = hex(line.substr(0, a)), size = hex(line.substr(a + 1, b - a - 1));
    if (!address || !size) return;
    symbols_.emplace(std::string(line.substr(b + 3)), Symbol{*address, *size});
  });
  if (symbols_.empty())
    throw kc::usage_error(fmt::format("vmlinux {} has no function symbols; give the unstripped vmlinux "
                                      "(kbuild's debugkernel target)",
                                      vmlinux.string()));
}

size_t Symbolizer::resolve(std::vector<Frame>& frames) const {
  std::vector<Frame*> asked;
  std::vector<std::string> addresses;
  for (Frame& f : frames) {
    if (!f.module.empty() || f.line > 0) continue;
    auto [first, last] = symbols_.equal_range(f.function);
    if (first == last) continue;
    // Same-named static functions: the one of the frame's size.
    const Symbol* sym = &first->second;
    for (auto it = first; it != last; ++it)
      if (it->second.size == f.size) sym = &it->second;
    uint64_t at = sym->address + f.offset - (f.at_fault || f.offset == 0 ? 0 : 1);
    asked.push_back(&f);
    addresses.push_back(fmt::format("0x{:x}", at));
  }
  size_t resolved = 0;
  for (size_t from = 0; from < addresses.size(); from += kAddressesPerCall) {
    size_t n = std::min(kAddressesPerCall, addresses.size() - from);
    kc::ProcessOptions o;
    o.argv = {"llvm-symbolizer", "--obj=" + elf_.string(), "--inlines", "--functions=linkage"};
    o.argv.insert(o.argv.end(), addresses.begin() + static_cast<long>(from),
                  addresses.begin() + static_cast<long>(from + n));
    o.timeout = kToolTimeout;
    kc::ProcessResult r = kc::run_process(o);
    if (!r.ok())
      throw kc::infra_error(fmt::format("llvm-symbolizer on {} {}: {}", elf_.string(), r.describe(),
                                        kc::trim_blanks(kc::first_line(r.err))));
    auto lines = parse_symbolizer_output(r.out, n);
    for (size_t i = 0; i < n; ++i) {
      Frame& f = *asked[from + i];
      if (lines[i].second == 0) continue;
      f.file = lines[i].first;
      f.line = lines[i].second;
      ++resolved;
    }
  }
  return resolved;
}

size_t Symbolizer::resolve(std::vector<Crash>& crashes) const {
  size_t resolved = 0;
  for (Crash& c : crashes) resolved += resolve(c.frames);
  return resolved;
}

std::string crash_location(const Crash& c) {
  // The frame of the function the title names, else the first one with a line.
  const Frame* best = nullptr;
  for (const Frame& f : c.frames) {
    if (f.line == 0 || is_helper_function(f.function, f.module)) continue;
    if (!best) best = &f;
    if (f.function == c.function) {
      best = &f;
      break;
    }
  }
  return best ? fmt::format("{}:{}", best->file, best->line) : "";
}

void symbolize_crashes(std::vector<Crash>& crashes, const std::filesystem::path& vmlinux,
                       const std::filesystem::path& scratch_dir) {
  if (crashes.empty() || vmlinux.empty()) return;
  try {
    Symbolizer symbolizer(vmlinux, scratch_dir);
    size_t frames = 0;
    for (const Crash& c : crashes) frames += c.frames.size();
    size_t resolved = symbolizer.resolve(crashes);
    kc::console::info("symbolized {} of {} crash frames with {}{}", resolved, frames, vmlinux.string(),
                      resolved == 0 && frames > 0 ? " (no line info: was the kernel built with CONFIG_DEBUG_INFO?)"
                                                  : "");
  } catch (const kc::Error& e) {
    kc::console::warn("crash frames are not symbolized: {}", e.what());
  }
}

}  // namespace krun

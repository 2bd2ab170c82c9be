#include "krun/console/stack_frames.h"

#include <cctype>
#include <charconv>

namespace krun {
namespace {

bool is_symbol_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
}

// "foo.isra.0" / "foo.cold" / "foo.constprop.0" are compiler clones of foo.
std::string base_name(std::string_view symbol) {
  size_t dot = symbol.find('.', 1);
  return std::string(symbol.substr(0, dot));
}

constexpr std::string_view kInstructionPointerPrefixes[] = {
    "RIP: ", "EIP: ", "pc : ", "epc : ", "epc   : ", "PC is at ", "NIP ", "NIP: ",
    "PSW.addr: ", "Krnl PSW : ", "IAOQ[0]: ", "PC: ", "pc: ",
};

bool is_unreliable_before(std::string_view text, size_t symbol_start) {
  return symbol_start >= 2 && text.substr(symbol_start - 2, 2) == "? ";
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
    Frame f;
    f.reliable = !is_unreliable_before(text, start);
    f.function = std::string(text.substr(start, plus - start));
    std::from_chars(text.data() + plus + 3, text.data() + off_end, f.offset, 16);
    std::from_chars(text.data() + off_end + 3, text.data() + size_end, f.size, 16);
    // " [crashme]": the module the function is in.
    if (text.substr(size_end, 2) == " [") {
      size_t close = text.find(']', size_end + 2);
      if (close != std::string_view::npos) f.module = std::string(text.substr(size_end + 2, close - size_end - 2));
    }
    return f;
  }
  return {};
}

std::string frame_function(std::string_view text) {
  // "sym+0xOFF/0xSIZE": the form of every architecture's symbolized frame.
  Frame f = parse_frame(text);
  if (!f.function.empty()) return f.reliable ? base_name(f.function) : "";
  // arm's unwinder without offsets: "[<c0101234>] (foo) from [<...>] (bar)".
  size_t open = text.find("] (");
  if (open != std::string_view::npos) {
    size_t start = open + 3;
    size_t end = start;
    while (end < text.size() && is_symbol_char(text[end])) ++end;
    if (end > start && end < text.size() && (text[end] == ')' || text[end] == ' '))
      return base_name(text.substr(start, end - start));
  }
  return "";
}

bool is_instruction_pointer_line(std::string_view m) {
  for (std::string_view p : kInstructionPointerPrefixes)
    if (m.starts_with(p)) return true;
  return false;
}

std::string instruction_pointer_function(std::string_view m) {
  for (std::string_view p : kInstructionPointerPrefixes) {
    if (m.starts_with(p)) return frame_function(m.substr(p.size()));
  }
  // kernel/workqueue.c: the work function a worker last ran, printed %ps
  // (no offset): "     last function: crashme_flush_work [crashme]".
  size_t indent = m.find_first_not_of(' ');
  constexpr std::string_view kLastFunction = "last function: ";
  if (indent != std::string_view::npos && m.substr(indent).starts_with(kLastFunction)) {
    std::string_view rest = m.substr(indent + kLastFunction.size());
    size_t end = 0;
    while (end < rest.size() && is_symbol_char(rest[end])) ++end;
    return base_name(rest.substr(0, end));
  }
  return "";
}

}  // namespace krun

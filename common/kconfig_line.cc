#include "common/kconfig_line.h"

namespace kc {

namespace {

bool symbol_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Length of the symbol at the start of `s` ("CONFIG_" and at least one more
// character), 0 when there is none.
size_t symbol_length(std::string_view s) {
  if (!s.starts_with("CONFIG_")) return 0;
  size_t n = 7;
  while (n < s.size() && symbol_char(s[n])) ++n;
  return n > 7 ? n : 0;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> kconfig_line(std::string_view s) {
  if (size_t n = symbol_length(s); n && n < s.size() && s[n] == '=')
    return std::pair{std::string(s.substr(0, n)), std::string(s.substr(n + 1))};
  constexpr std::string_view unset_prefix = "# ", unset_suffix = " is not set";
  if (s.starts_with(unset_prefix) && s.ends_with(unset_suffix)) {
    std::string_view sym = s.substr(unset_prefix.size(), s.size() - unset_prefix.size() - unset_suffix.size());
    if (!sym.empty() && symbol_length(sym) == sym.size()) return std::pair{std::string(sym), std::string("n")};
  }
  return std::nullopt;
}

}  // namespace kc

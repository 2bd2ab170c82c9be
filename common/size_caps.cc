#include "common/size_caps.h"

#include <fmt/format.h>

#include <cstdlib>

#include "common/errors.h"

namespace kc {

uint64_t parse_size(std::string_view text, std::string_view what) {
  auto bad = [&] {
    return usage_error(fmt::format("{}={}: expected a size such as 4096, 64K, 512M or 8G", what, text));
  };
  size_t i = 0;
  uint64_t value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (value > (UINT64_MAX - digit) / 10) throw bad();
    value = value * 10 + digit;
    ++i;
  }
  if (i == 0) throw bad();
  std::string_view unit = text.substr(i);
  if (unit.ends_with("iB")) unit.remove_suffix(2);
  else if (unit.ends_with("B") && unit.size() == 2) unit.remove_suffix(1);
  int shift = 0;
  if (unit.empty()) shift = 0;
  else if (unit.size() == 1) {
    switch (unit[0] | 0x20) {
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      case 't': shift = 40; break;
      default: throw bad();
    }
  } else {
    throw bad();
  }
  if (shift && value > (UINT64_MAX >> shift)) throw bad();
  value <<= shift;
  if (value == 0) throw bad();
  return value;
}

std::string human_size(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return fmt::format("{} bytes", bytes);
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 6) {
    v /= 1024;
    ++u;
  }
  if (v == static_cast<double>(static_cast<uint64_t>(v))) return fmt::format("{} {}", static_cast<uint64_t>(v), kUnits[u]);
  return fmt::format("{:.1f} {}", v, kUnits[u]);
}

uint64_t SizeCap::bytes() const {
  const char* v = std::getenv(env_var);
  if (!v || !*v) return default_bytes;
  return parse_size(v, env_var);
}

std::string SizeCap::describe() const { return fmt::format("{} ({} raises it)", human_size(bytes()), env_var); }

}  // namespace kc

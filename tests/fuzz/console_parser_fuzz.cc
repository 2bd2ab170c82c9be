// The console parser on any bytes, fed in chunks whose sizes come from the
// input, so line splitting across chunks is exercised too.
#include "krun/console/console_parser.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view t = fuzz::text(data, size);
  krun::ConsoleParser parser(krun::DetectorLimits{}, 512);
  size_t lines = 0;
  parser.add_listener([&](size_t, std::string_view) { ++lines; });
  size_t step = size ? 1 + data[0] % 61 : 1;
  for (size_t i = 0; i < t.size(); i += step) parser.feed(t.substr(i, step));
  parser.finish();
  for (const auto& c : parser.crashes())
    if (c.title.empty() || c.first_line > c.last_line) __builtin_trap();
  return 0;
}

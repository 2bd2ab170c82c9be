// KTAP (kunit, kselftest) lines as the console delivers them.
#include "krun/suites/ktap_parser.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  krun::suites::KtapParser parser;
  size_t n = 0;
  for (std::string_view line : fuzz::lines(fuzz::text(data, size))) parser.on_line(++n, line);
  parser.finish();
  for (const auto& t : parser.tests()) (void)t.duration();
  return 0;
}

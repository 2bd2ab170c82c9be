// LTP output (ltp-pan blocks, result lines, runltp tables, kirk lines).
#include "krun/suites/ltp_parser.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  krun::suites::LtpParser parser;
  size_t n = 0;
  for (std::string_view line : fuzz::lines(fuzz::text(data, size))) parser.on_line(++n, line);
  parser.finish();
  (void)parser.cases();
  return 0;
}

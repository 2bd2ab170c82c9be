// Skip lists (plain lines or LKFT's YAML) and matching cases against them.
#include "krun/suites/skip_list.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::accepting_errors([&] {
    auto skips = krun::suites::SkipList::parse(fuzz::text(data, size));
    (void)skips.matches("ltp-syscalls", "fork01");
    (void)skips.matches("kunit/example", "example_simple_test");
    for (const auto& e : skips.entries()) (void)krun::suites::glob_match(e, "boot/boot");
  });
  return 0;
}

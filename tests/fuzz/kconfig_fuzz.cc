// kconfig text: .config/fragment parsing, inline -K lines, and a whole
// kconfig plan whose -K URL serves the input.
#include "kbuild/kconfig_plan.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t(fuzz::text(data, size));
  (void)kbuild::parse_config_symbols(t);
  std::vector<std::string> inline_lines;
  for (std::string_view l : fuzz::lines(t))
    if (kbuild::is_inline_config_line(std::string(l))) inline_lines.emplace_back(l);
  kbuild::KconfigInputs in;
  in.source_dir = "/nonexistent-kernel-tree";
  in.cwd = "/nonexistent-cwd";
  in.srcarch = "x86";
  in.fetch = [&](const std::string&) { return t; };
  inline_lines.push_back("https://example.org/fragment.config");
  fuzz::accepting_errors([&] { (void)kbuild::plan_kconfig("tinyconfig", inline_lines, in); });
  return 0;
}

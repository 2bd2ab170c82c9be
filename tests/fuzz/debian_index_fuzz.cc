// Debian's InRelease and Packages files (a mirror is untrusted until the
// signature is checked, and the parsers run on what it sent).
#include "krun/rootfs/debian_index.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string t(fuzz::text(data, size));
  fuzz::accepting_errors([&] { (void)krun::rootfs::parse_release_sha256(t); });
  fuzz::accepting_errors([&] { krun::rootfs::check_release_identity(t, "bookworm", 1767225600); });
  fuzz::accepting_errors([&] {
    auto index = krun::rootfs::parse_packages(t);
    std::vector<std::string> wanted;
    for (const auto& [name, p] : index) {
      wanted.push_back(name);
      if (wanted.size() == 3) break;
    }
    (void)krun::rootfs::resolve_packages(index, wanted, true, "fuzz mirror");
  });
  return 0;
}

#include "krun/suites/kselftest_catalogue.h"

#include <algorithm>

#include "common/archive.h"
#include "common/errors.h"
#include "common/text_lines.h"

namespace krun::suites {

std::vector<KselftestCollection> parse_kselftest_list(const std::string& list) {
  std::vector<KselftestCollection> out;
  kc::for_each_line(list, [&](std::string_view raw) {
    std::string_view line = kc::trim_blanks(raw);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return;
    std::string collection(line.substr(0, colon));
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& c) { return c.collection == collection; });
    if (it == out.end()) {
      std::string tuxrun = collection;
      std::replace(tuxrun.begin(), tuxrun.end(), '/', '-');
      out.push_back({collection, "kselftest-" + tuxrun, 0});
      it = out.end() - 1;
    }
    ++it->tests;
  });
  return out;
}

std::vector<KselftestCollection> kselftest_collections(const std::filesystem::path& archive) {
  auto list = kc::read_archive_member(archive, "kselftest-list.txt");
  if (!list)
    throw kc::usage_error(archive.string() + " has no kselftest-list.txt: is it the kselftest install of kbuild's "
                                             "kselftest target (make kselftest-install)?");
  return parse_kselftest_list(*list);
}

}  // namespace krun::suites

#include "krun/suites/skip_list.h"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "common/download.h"
#include "common/errors.h"
#include "common/text_lines.h"

namespace krun::suites {

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

SkipList SkipList::parse(std::string_view text) {
  SkipList list;
  if (text.find("skiplist:") != std::string_view::npos) {
    // LKFT's layout: skiplist: [{tests: [NAME, ...], ...}, ...]; any other
    // shape is said as such rather than half-read.
    try {
      YAML::Node root = YAML::Load(std::string(text));
      YAML::Node items = root.IsMap() ? root["skiplist"] : YAML::Node();
      if (!items.IsSequence())
        throw kc::usage_error("skip list: `skiplist:` must be a list of entries with `tests:`");
      for (const auto& item : items) {
        YAML::Node tests = item.IsMap() ? item["tests"] : YAML::Node();
        if (!tests) continue;  // an entry for other tests' boards only
        if (!tests.IsSequence())
          throw kc::usage_error("skip list: an entry's `tests:` must be a list of test names");
        for (const auto& t : tests) {
          if (!t.IsScalar()) throw kc::usage_error("skip list: a name under `tests:` is not a plain string");
          list.entries_.push_back(t.as<std::string>());
        }
      }
    } catch (const YAML::Exception& e) {
      throw kc::usage_error("skip list is not valid YAML: " + std::string(e.what()));
    }
    return list;
  }
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::string_view v = line;
    if (size_t hash = v.find('#'); hash != std::string_view::npos) v = v.substr(0, hash);
    v = kc::trim_blanks(v);
    if (!v.empty()) list.entries_.emplace_back(v);
  }
  return list;
}

SkipList SkipList::load(const std::string& location, const std::filesystem::path& cache_dir) {
  kc::DownloadOptions o;
  o.cache_dir = cache_dir;
  std::filesystem::path path = kc::fetch_cached(location, o);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw kc::usage_error("cannot read skip list " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str());
}

bool SkipList::matches(std::string_view suite, std::string_view test_case) const {
  std::string s(suite), c(test_case);
  std::string full = s + "/" + c;
  // kselftest-timers/posix_timers is also "timers:posix_timers".
  std::string colon;
  if (s.rfind("kselftest-", 0) == 0) colon = s.substr(10) + ":" + c;
  for (const std::string& e : entries_) {
    if (glob_match(e, c) || glob_match(e, full) || (!colon.empty() && glob_match(e, colon))) return true;
  }
  return false;
}

}  // namespace krun::suites

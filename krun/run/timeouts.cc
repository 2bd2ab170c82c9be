#include "krun/run/timeouts.h"

#include <fmt/format.h>

#include <charconv>

#include "common/errors.h"

namespace krun {

namespace {

using std::chrono::seconds;

constexpr seconds kLongest = std::chrono::hours(24 * 7);

// Keys that are not test names.
bool is_fixed_key(const std::string& k) {
  for (const char* fixed : {"deploy", "boot", "silence", "run", "kunit", "kselftest", "ltp", "commands", "modules",
                            "rcutorture", "perf", "cpupower"})
    if (k == fixed) return true;
  return false;
}

bool is_test_key(const std::string& k) {
  auto tail_after = [&](const char* prefix) {
    std::string p = prefix;
    return k.size() > p.size() && k.starts_with(p);
  };
  if (tail_after("kselftest-") || tail_after("ltp-")) return true;
  if (tail_after("command-")) {
    std::string n = k.substr(8);
    return n.find_first_not_of("0123456789") == std::string::npos;
  }
  return false;
}

}  // namespace

seconds parse_timeout(const std::string& key, const std::string& value) {
  auto bad = [&](const char* why) {
    return kc::usage_error(fmt::format("--timeouts {}={}: {}; give minutes (15) or a duration with its unit "
                                       "(90s, 15m, 2h)",
                                       key, value, why));
  };
  uint64_t n = 0;
  const char* begin = value.data();
  const char* end = value.data() + value.size();
  auto [p, ec] = std::from_chars(begin, end, n);
  if (ec == std::errc::result_out_of_range) throw bad("too long (a week at most)");
  if (ec != std::errc() || p == begin) throw bad("not a duration");
  std::string unit(p, end);
  uint64_t scale = 0;
  if (unit.empty() || unit == "m" || unit == "min") scale = 60;
  else if (unit == "s") scale = 1;
  else if (unit == "h") scale = 3600;
  else throw bad("unknown unit");
  if (n == 0) throw bad("must be more than zero");
  if (n > static_cast<uint64_t>(kLongest.count()) / scale) throw bad("too long (a week at most)");
  return seconds(static_cast<seconds::rep>(n * scale));
}

seconds default_timeout(const std::string& key) {
  for (const TimeoutRow& row : kTimeoutTable)
    if (key == row.key) return std::chrono::minutes(row.default_minutes);
  throw kc::infra_error("internal: no default timeout for " + key);
}

RunTimeouts RunTimeouts::parse(const std::map<std::string, std::string>& given) {
  RunTimeouts t;
  for (const auto& [key, value] : given) {
    if (!is_fixed_key(key) && !is_test_key(key))
      throw kc::usage_error(fmt::format("--timeouts {}={}: unknown key; use deploy, boot, silence, run, a test "
                                        "family (kunit, kselftest, ltp, commands, modules, ...) or a test name (see "
                                        "krun --list-tests)",
                                        key, value));
    t.given_[key] = parse_timeout(key, value);
  }
  return t;
}

seconds RunTimeouts::get(const std::string& key) const {
  auto it = given_.find(key);
  return it != given_.end() ? it->second : default_timeout(key);
}

seconds RunTimeouts::deploy() const { return get("deploy"); }
seconds RunTimeouts::boot() const { return get("boot"); }
seconds RunTimeouts::silence() const { return get("silence"); }

seconds RunTimeouts::run(const std::vector<seconds>& tests) const {
  if (auto it = given_.find("run"); it != given_.end()) return it->second;
  seconds total = boot() + std::chrono::minutes(5);
  for (seconds s : tests) total += s;
  return total;
}

seconds RunTimeouts::test(const std::string& name, const std::string& family, const std::string& pattern) const {
  for (const std::string& key : {name, family})
    if (auto it = given_.find(key); it != given_.end()) return it->second;
  return default_timeout(pattern);
}

}  // namespace krun

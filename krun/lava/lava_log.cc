#include "krun/lava/lava_log.h"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "common/errors.h"

namespace krun::lava {

namespace {

std::string scalar(const YAML::Node& n, const char* key) {
  const YAML::Node v = n[key];
  return v && v.IsScalar() ? v.as<std::string>() : "";
}

// The console bytes LAVA logged, without the serial line's "\r".
std::string console_line(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.pop_back();
  return s;
}

// "2026-12-01T23:55:01.123456" → seconds since that day's midnight (a job
// that runs past midnight gets a day added).
std::optional<double> day_seconds(const std::string& dt) {
  int h = 0, m = 0;
  double s = 0;
  size_t t = dt.find('T');
  if (t == std::string::npos || std::sscanf(dt.c_str() + t + 1, "%d:%d:%lf", &h, &m, &s) != 3) return std::nullopt;
  return h * 3600.0 + m * 60.0 + s;
}

}  // namespace

LavaLog parse_lava_log(const std::string& text) {
  LavaLog log;
  std::istringstream in(text);
  std::string line;
  std::optional<double> first, last;
  double day = 0;
  while (std::getline(in, line)) {
    std::string_view v = line;
    if (v.starts_with("- ")) v.remove_prefix(2);
    if (!v.starts_with("{")) continue;
    YAML::Node entry;
    try {
      entry = YAML::Load(std::string(v));
    } catch (const YAML::Exception&) {
      continue;  // a truncated last line
    }
    if (!entry.IsMap()) continue;
    ++log.entries;
    std::optional<double> when = day_seconds(scalar(entry, "dt"));
    if (when) {
      if (last && *when + day < *last) day += 86400;
      last = *when + day;
      if (!first) first = last;
    }
    const std::string lvl = scalar(entry, "lvl");
    const YAML::Node msg = entry["msg"];
    if ((lvl == "target" || lvl == "feedback") && msg && msg.IsScalar()) {
      log.console.push_back(console_line(msg.as<std::string>()));
      log.console_seconds.push_back(last && first ? *last - *first : 0.0);
    } else if (lvl == "results" && msg && msg.IsMap()) {
      LavaResult r{scalar(msg, "definition"), scalar(msg, "case"), scalar(msg, "result"), scalar(msg, "error_msg")};
      // lava-run's last entry: the job's result, and for a failed job LAVA's
      // class of error (Infrastructure, Job, Test, Bug) and its message.
      const std::string type = scalar(msg, "error_type");
      if (!type.empty() && !r.error.empty()) r.error = type + ": " + r.error;
      log.results.push_back(std::move(r));
    }
  }
  return log;
}

const LavaResult* job_result(const LavaLog& log) {
  const LavaResult* found = nullptr;
  for (const auto& r : log.results)
    if (r.definition == "lava" && r.test_case == "job") found = &r;
  return found;
}

LavaLog read_lava_log(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw kc::usage_error(fmt::format("cannot read the LAVA log {}", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  LavaLog log = parse_lava_log(ss.str());
  if (log.entries == 0)
    throw kc::usage_error(fmt::format("{} holds no LAVA log entry (lines like {{\"dt\": ..., \"lvl\": ..., "
                                      "\"msg\": ...}}); give the job's log (lava-run's stderr, or `lavacli jobs "
                                      "logs ID --raw`)",
                                      file.string()));
  return log;
}

}  // namespace krun::lava

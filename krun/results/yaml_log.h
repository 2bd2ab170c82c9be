#pragma once
// --log-file-yaml: the console as TuxRun writes its log, a YAML list of
// LAVA's log records, one per line:
//   - {"dt": "2026-12-04T20:31:22.123456", "lvl": "target", "msg": "..."}
// dt is the host's UTC time when the line arrived; lvl "target" for the
// guest's console, "info" for krun's own notes, "results" for each case at
// the end ({"definition", "case", "result"}), so LAVA log readers (krun lava
// results among them) read it. Written as the console streams: a killed run
// keeps what was seen, and memory does not grow with the log.
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace krun {

class YamlLogWriter {
 public:
  // Throws kc::Error(Infrastructure) naming the file when it cannot be created.
  explicit YamlLogWriter(const std::filesystem::path& path);
  void line(std::string_view text, const char* level = "target");
  // One "results" record per case of `results` ({suite: {case: {result}}}).
  void results(const nlohmann::json& results);
  void close();

 private:
  void record(const nlohmann::json& r);
  std::filesystem::path path_;
  std::ofstream out_;
};

}  // namespace krun

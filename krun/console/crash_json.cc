#include "krun/console/crash_json.h"

#include <fmt/format.h>

namespace krun {

nlohmann::json frame_to_json(const Frame& f) {
  nlohmann::json j{{"function", f.function}, {"offset", fmt::format("0x{:x}", f.offset)},
                   {"size", fmt::format("0x{:x}", f.size)}};
  if (!f.module.empty()) j["module"] = f.module;
  if (f.at_fault) j["at_fault"] = true;
  if (!f.reliable) j["unreliable"] = true;
  if (f.line > 0) {
    j["file"] = f.file;
    j["line"] = f.line;
  }
  return j;
}

nlohmann::json crash_to_json(const Crash& c) {
  nlohmann::json frames = nlohmann::json::array();
  for (const Frame& f : c.frames) frames.push_back(frame_to_json(f));
  return nlohmann::json{
      {"kind", c.kind},
      {"title", c.title},
      {"function", c.function},
      {"first_line", c.first_line},
      {"last_line", c.last_line},
      {"truncated", c.truncated},
      {"panicked", c.panicked},
      {"excerpt", c.excerpt},
      {"frames", frames},
  };
}

}  // namespace krun

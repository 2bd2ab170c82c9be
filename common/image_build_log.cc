#include "common/image_build_log.h"

#include <algorithm>
#include <regex>

namespace kc::image_log {

std::optional<std::string> progress_step(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.rfind("STEP ", 0) == 0) {
    std::string text(line);
    if (text.size() > 160) text = text.substr(0, 157) + "...";
    return text;
  }
  if (line.rfind("I: ", 0) == 0) return "base: " + std::string(line.substr(3));
  return std::nullopt;
}

std::vector<std::string> missing_packages(std::string_view log) {
  static const std::regex patterns[] = {
      std::regex("Unable to locate package ([A-Za-z0-9+.:-]+)"),
      std::regex("Package '([A-Za-z0-9+.:-]+)' has no installation candidate"),
      std::regex("Couldn't find any package by (?:glob|regex) '([A-Za-z0-9+.:*-]+)'"),
      std::regex("Package ([A-Za-z0-9+.:-]+) is not available"),
  };
  std::vector<std::string> out;
  std::string text(log);
  for (const auto& re : patterns) {
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
      std::string name = (*it)[1];
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
  }
  return out;
}

bool network_failure(std::string_view log) {
  for (std::string_view needle :
       {"Temporary failure resolving", "Could not resolve", "Network is unreachable",
        "Could not connect to", "Connection refused", "Connection timed out",
        "No route to host", "Failed to fetch"}) {
    if (log.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace kc::image_log

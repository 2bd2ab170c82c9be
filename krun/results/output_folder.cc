#include "krun/results/output_folder.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>

#include "common/errors.h"

namespace krun {

std::filesystem::path next_numbered_folder(const std::filesystem::path& parent) {
  std::filesystem::create_directories(parent);
  long highest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(parent)) {
    const std::string name = entry.path().filename().string();
    char* end = nullptr;
    long n = std::strtol(name.c_str(), &end, 10);
    if (end && *end == '\0' && n > highest) highest = n;
  }
  for (long n = highest + 1;; ++n) {
    std::filesystem::path candidate = parent / std::to_string(n);
    if (::mkdir(candidate.c_str(), 0755) == 0) return candidate;
    if (errno != EEXIST)
      throw kc::infra_error(fmt::format("cannot create {}: {}", candidate.string(), std::strerror(errno)));
  }
}

}  // namespace krun

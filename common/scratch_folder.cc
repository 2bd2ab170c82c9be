#include "common/scratch_folder.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "common/console.h"
#include "common/errors.h"
#include "common/process.h"

namespace kc {

namespace {

// What a killed or crashed process left under `parent` (its destructor never
// ran): folders <prefix>-<pid>-* whose pid is gone.
void remove_abandoned(const std::filesystem::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    std::optional<pid_t> owner = owner_pid_in_name(entry.path().filename().string(), prefix);
    if (!owner || *owner == ::getpid() || ::kill(*owner, 0) == 0 || errno != ESRCH) continue;
    std::error_code rm;
    std::filesystem::remove_all(entry.path(), rm);
    if (!rm) console::debug("removed {}, left by an earlier run that did not end", entry.path().string());
  }
}

}  // namespace

ScratchFolder::ScratchFolder(const std::filesystem::path& parent, const std::string& prefix) {
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  remove_abandoned(parent, prefix);
  std::string tmpl = (parent / (prefix + "-" + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data())) throw infra_error("cannot create a scratch folder under " + parent.string());
  path_ = tmpl;
}

ScratchFolder::~ScratchFolder() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace kc

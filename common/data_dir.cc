#include "common/data_dir.h"

#include <cstdlib>

#include "common/errors.h"

namespace kc {

namespace fs = std::filesystem;

fs::path self_executable() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : p;
}

fs::path data_dir(std::string_view tool, const char* env_var) {
  if (const char* env = std::getenv(env_var); env && *env) {
    fs::path p(env);
    if (!fs::is_directory(p))
      throw infra_error(std::string(env_var) + "=" + p.string() + " is not a directory");
    return p;
  }
  fs::path p = self_executable().parent_path().parent_path() / "share" / std::string(tool);
  if (!fs::is_directory(p))
    throw infra_error("data folder " + p.string() + " is missing; reinstall, or set " + env_var);
  return p;
}

static fs::path home() {
  const char* h = std::getenv("HOME");
  return h && *h ? fs::path(h) : fs::path("/tmp");
}

fs::path user_cache_dir(std::string_view tool) {
  const char* x = std::getenv("XDG_CACHE_HOME");
  return (x && *x ? fs::path(x) : home() / ".cache") / std::string(tool);
}

fs::path user_config_dir(std::string_view tool) {
  const char* x = std::getenv("XDG_CONFIG_HOME");
  return (x && *x ? fs::path(x) : home() / ".config") / std::string(tool);
}

}  // namespace kc

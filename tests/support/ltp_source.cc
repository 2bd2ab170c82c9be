#include "tests/support/ltp_source.h"

#include <cstdlib>

#include "common/data_dir.h"
#include "tests/support/test_env.h"

namespace testenv {

std::filesystem::path ltp_release_tarball() {
  return (source_dir() / ".." / "shared" / "ltp" / "ltp-20260529.tar.xz").lexically_normal();
}

std::filesystem::path ltp_ccache_dir() {
  if (const char* dir = std::getenv("KRUN_TEST_LTP_CCACHE_DIR"); dir && *dir) return dir;
  return kc::user_cache_dir("krun") / "system-test-ltp-ccache";
}

std::map<std::string, std::string> ltp_env() { return {{"KRUN_LTP_CCACHE_DIR", ltp_ccache_dir().string()}}; }

}  // namespace testenv

#include "tests/support/test_env.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace testenv {

namespace fs = std::filesystem;

fs::path source_dir() { return KPROJECT_SOURCE_DIR; }
fs::path binary_dir() { return KPROJECT_BINARY_DIR; }
fs::path kbuild_bin() { return KBUILD_BIN; }
fs::path krun_bin() { return KRUN_BIN; }

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && (std::string(ci) == "true" || std::string(ci) == "1");
}

TempDir::TempDir(const std::string& name) {
  static std::atomic<int> counter{0};
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string test = info ? std::string(info->test_suite_name()) + "." + info->name() : "global";
  path_ = binary_dir() / "test-scratch" /
          (test + "." + name + "." + std::to_string(getpid()) + "." + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  if (!std::getenv("KEEP_TEST_DIRS")) {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
}

kc::ProcessResult run(const fs::path& bin, const std::vector<std::string>& args, const fs::path& cwd,
                      const std::map<std::string, std::string>& env, std::chrono::seconds timeout) {
  kc::ProcessOptions o;
  o.argv.push_back(bin.string());
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.cwd = cwd;
  o.env = env;
  o.timeout = timeout;
  return kc::run_process(o);
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string empty_newc_cpio() {
  std::string name = "TRAILER!!!";
  std::string h = "070701";
  for (int field = 0; field < 13; ++field) {
    unsigned value = field == 4 ? 1 : field == 11 ? static_cast<unsigned>(name.size() + 1) : 0;  // nlink, namesize
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08X", value);
    h += hex;
  }
  h += name + '\0';
  while (h.size() % 4) h += '\0';
  h.resize(512, '\0');
  return h;
}

bool kvm_device_opens() {
  int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace testenv

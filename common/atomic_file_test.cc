#include "common/atomic_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "common/errors.h"

namespace kc {
namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path path = fs::temp_directory_path() / ("kc-atomic-" + std::to_string(getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  Dir() { fs::remove_all(path), fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
};

TEST(AtomicFile, CopyReplacesTheTarget) {
  Dir d;
  std::string big(300000, 'k');
  write_file_atomic(d.path / "from", big);
  write_file_atomic(d.path / "to", "old");
  copy_file_atomic(d.path / "from", d.path / "to");
  EXPECT_EQ(read_file(d.path / "to"), big);
  EXPECT_THROW(copy_file_atomic(d.path / "missing", d.path / "to"), Error);
  EXPECT_EQ(read_file(d.path / "to"), big);
}

// A disk that fills up mid-copy (here: a file size limit, EFBIG) leaves the
// old target whole and no temporary file behind.
TEST(AtomicFile, AFailedCopyKeepsTheOldFile) {
  Dir d;
  write_file_atomic(d.path / "from", std::string(300000, 'k'));
  write_file_atomic(d.path / "to", "old results");
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    signal(SIGXFSZ, SIG_IGN);
    rlimit limit{4096, 4096};
    setrlimit(RLIMIT_FSIZE, &limit);
    try {
      copy_file_atomic(d.path / "from", d.path / "to");
    } catch (const Error&) {
      _exit(0);
    }
    _exit(1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the copy did not fail";
  EXPECT_EQ(read_file(d.path / "to"), "old results");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++entries;
  EXPECT_EQ(entries, 2) << "a temporary file was left";
}

}  // namespace
}  // namespace kc

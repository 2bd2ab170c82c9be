#include "common/file_lock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace kc {
namespace {

TEST(FileLock, SecondHolderWaitsForTheFirst) {
  auto path = std::filesystem::temp_directory_path() / "kbuild-file-lock-test" / "x.lock";
  std::atomic<bool> second_has_it{false};
  std::thread second;
  {
    FileLock first(path, "the test image");
    second = std::thread([&] {
      FileLock again(path, "the test image");
      second_has_it = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_FALSE(second_has_it) << "the lock must exclude a second holder";
  }
  second.join();
  EXPECT_TRUE(second_has_it);
  std::filesystem::remove_all(path.parent_path());
}

}  // namespace
}  // namespace kc

// One kbuild at a time builds a given image: concurrent builds (parallel
// tests, two terminals) wait for the first and then reuse its result.
#pragma once

#include <filesystem>
#include <string>

namespace kbuild::image {

class FileLock {
 public:
  // Blocks until the lock is held; says once on stderr that it waits for
  // `what`. Throws kc::Error(Incomplete) when interrupted while waiting.
  FileLock(const std::filesystem::path& path, const std::string& what);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace kbuild::image

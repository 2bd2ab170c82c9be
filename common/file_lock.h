#pragma once
// One process at a time prepares a given shared thing (an image): concurrent
// runs (parallel tests, two terminals) wait for the first and then reuse its
// result.
#include <filesystem>
#include <string>

namespace kc {

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

}  // namespace kc

#include "common/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "common/console.h"
#include "common/errors.h"
#include "common/signals.h"

namespace kc {

FileLock::FileLock(const std::filesystem::path& path, const std::string& what) {
  std::filesystem::create_directories(path.parent_path());
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw infra_error("cannot open lock file " + path.string() + ": " + std::strerror(errno));
  bool said = false;
  // Polling instead of a blocking flock() so that SIGINT ends the wait.
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int err = errno;
      ::close(fd_);
      throw infra_error("cannot lock " + path.string() + ": " + std::strerror(err));
    }
    if (signals::received()) {
      ::close(fd_);
      throw Error(ErrorKind::Incomplete, "interrupted while waiting for " + what);
    }
    if (!said) console::info("waiting for another run that is preparing {}", what);
    said = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace kc

#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/errors.h"

namespace kc {

namespace fs = std::filesystem;

namespace {

// Writes through `fill` into a temporary file beside `path`, then renames it
// over `path`; the temporary file is removed on every failure.
template <typename Fill>
void replace_atomically(const fs::path& path, mode_t mode, Fill fill) {
  fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0)
    throw infra_error("cannot write " + path.string() + ": " + std::strerror(errno));
  auto write_all = [&](const char* p, size_t left) {
    while (left > 0) {
      ssize_t n = ::write(fd, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    return 0;
  };
  int err = fill(write_all);
  if (err == 0) {
    ::fchmod(fd, mode);
    if (::fsync(fd) != 0 && errno != EINVAL) err = errno;
  }
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(tmpl.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmpl.c_str());
    throw infra_error("cannot write " + path.string() + ": " + std::strerror(err));
  }
}

}  // namespace

void write_file_atomic(const fs::path& path, std::string_view content) {
  replace_atomically(path, 0644, [&](auto& write_all) { return write_all(content.data(), content.size()); });
}

void copy_file_atomic(const fs::path& from, const fs::path& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw infra_error("cannot read " + from.string() + ": " + std::strerror(errno));
  struct stat st {};
  mode_t mode = ::fstat(in, &st) == 0 ? (st.st_mode & 0777) : 0644;  // an executable stays one
  try {
    replace_atomically(to, mode, [&](auto& write_all) {
      char buf[1 << 16];
      for (;;) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return 0;
        if (int e = write_all(buf, static_cast<size_t>(n))) return e;
      }
    });
  } catch (...) {
    ::close(in);
    throw;
  }
  ::close(in);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kc

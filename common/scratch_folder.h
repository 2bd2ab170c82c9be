#pragma once
// A private folder (mkdtemp, so two processes never share one) under a
// parent, removed with everything in it when the object goes away: on every
// path out, errors and exceptions included.
#include <filesystem>
#include <string>

namespace kc {

class ScratchFolder {
 public:
  // <parent>/<prefix>-<pid>-XXXXXX; the parent is created, and what killed
  // processes left there under the same prefix is removed first (their pid is
  // gone). Throws Error(Infrastructure).
  explicit ScratchFolder(const std::filesystem::path& parent, const std::string& prefix = "run");
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kc

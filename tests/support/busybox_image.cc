#include "tests/support/busybox_image.h"

#include <filesystem>

#include "common/container_runtime.h"
#include "common/process.h"
#include "tests/support/test_env.h"

namespace testenv {

namespace fs = std::filesystem;

std::string busybox_image() {
  const std::string name = "localhost/kbuild-test/busybox:latest";
  if (kc::find_program("podman").empty() || !fs::exists("/bin/busybox")) return "";
  std::vector<std::string> podman = {"podman"};
  for (const auto& a : kc::podman_global_args()) podman.push_back(a);
  kc::ProcessOptions exists;
  exists.argv = podman;
  exists.argv.insert(exists.argv.end(), {"image", "exists", name});
  if (kc::run_process(exists).exit_code == 0) return name;

  TempDir dir("busybox-image");
  fs::create_directories(dir / "root/bin");
  fs::create_directories(dir / "root/tmp");
  fs::copy_file("/bin/busybox", dir / "root/bin/busybox");
  for (const char* applet : {"sh", "sleep", "echo", "cat", "ls", "touch", "id", "kill", "ps"})
    fs::create_symlink("busybox", dir / "root/bin" / applet);
  kc::ProcessOptions tar;
  tar.argv = {"tar", "-C", (dir / "root").string(), "-cf", (dir / "root.tar").string(), "."};
  if (!kc::run_process(tar).ok()) return "";
  kc::ProcessOptions import;
  import.argv = podman;
  import.argv.insert(import.argv.end(), {"import", (dir / "root.tar").string(), name});
  return kc::run_process(import).ok() ? name : "";
}

}  // namespace testenv

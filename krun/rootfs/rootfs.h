#pragma once
// The root file system a run boots: krun's default one, made from Debian's
// signed packages for the device's architecture and cached, or one the user
// gives; either way with modules, overlays and /krun files injected.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace krun::rootfs {

struct Request {
  std::string debian_arch;      // "amd64", "arm64", "armhf", "riscv64", ... (from the device profile)
  std::string flavor = "minimal";   // "minimal" | "full"
  std::string given;            // --rootfs path or URL; empty → default built from Debian
  std::string format = "initrd";    // "initrd" | "ext4" (from the device profile)
  std::filesystem::path modules;        // modules tarball (lib/modules/<rel>/...), may be empty
  std::string modules_dir;              // where in the guest its lib/ goes (--modules URL PATH); "" = /
  std::vector<std::string> overlays;    // "archive[:path]" (path or URL)
  std::map<std::string, std::string> extra_files;  // guest path → content (e.g. /krun/tests/001-foo.sh)
  std::filesystem::path cache_dir;      // user cache (XDG) for downloads and built rootfs
  std::filesystem::path work_dir;       // per-run scratch; the result lives here
  std::string mirror;                   // empty → http://deb.debian.org/debian
  // Beyond the shared contract:
  std::filesystem::path keyring;        // empty → $KRUN_DEBIAN_KEYRING or Debian's archive keyring
  bool refresh = false;                 // ask the mirror even when a recent build is cached
  std::chrono::hours max_age{24 * 7};   // a cached build younger than this is used without network
};
struct Prepared { std::filesystem::path path; std::string format; /* "initrd"|"ext4" */ };

Prepared prepare(const Request&);   // throws kc::Error with a clear message

// The default rootfs (initramfs, no injection) for `req`, from the cache or
// built now. Sets `from_cache` when no build was needed.
std::filesystem::path default_initramfs(const Request& req, bool* from_cache = nullptr);

}  // namespace krun::rootfs

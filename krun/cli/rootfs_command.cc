// `krun rootfs list|build|clear`: look at, prepare and drop the cached
// default root file systems.
#include "krun/cli/rootfs_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "common/console.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/json_file.h"
#include "krun/rootfs/recipe.h"
#include "krun/rootfs/rootfs.h"

namespace krun::rootfs {

namespace fs = std::filesystem;

namespace {

fs::path cache_of(const std::string& dir) {
  return (dir.empty() ? kc::user_cache_dir("krun") : fs::path(dir)) / "rootfs";
}

void list(const fs::path& cache) {
  fs::path data = kc::data_dir("krun", "KRUN_DATA_DIR") / "rootfs";
  std::string flavors;
  for (const auto& f : flavor_names(data)) flavors += (flavors.empty() ? "" : ",") + f;
  std::cout << "arch       suite      aliases          cached builds (" << flavors << ")\n";
  for (const auto& a : all_arches(data)) {
    std::string aliases;
    for (const auto& al : a.aliases) aliases += (aliases.empty() ? "" : ",") + al;
    std::string cached;
    for (const auto& f : flavor_names(data)) {
      fs::path latest = cache / "built" / (a.debian_arch + "-" + f + ".json");
      if (!fs::exists(latest)) continue;
      auto j = kc::read_json_file(latest);
      cached += (cached.empty() ? "" : "; ") + f + " " + j.value("built_at", "") + " " + j.value("path", "");
    }
    std::cout << fmt::format("{:<10} {:<10} {:<16} {}\n", a.debian_arch, a.suite, aliases, cached.empty() ? "-" : cached);
  }
}

}  // namespace

int rootfs_main(const std::vector<std::string>& args) {
  CLI::App app{"Default root file systems made from Debian packages", "krun rootfs"};
  app.require_subcommand(1);
  std::string cache_dir;
  app.add_option("--cache-dir", cache_dir, "cache folder (default: $XDG_CACHE_HOME/krun)");
  // Before or after the subcommand: `krun rootfs build -a arm64 --cache-dir D` as well.
  app.fallthrough();

  auto* list_cmd = app.add_subcommand("list", "architectures with a recipe, and what is cached");

  Request req;
  std::string output;
  auto* build = app.add_subcommand("build", "build (or find in the cache) a default rootfs and print its path");
  build->add_option("-a,--arch", req.debian_arch, "Debian architecture or alias (amd64, arm64, x86_64, ...)")->required();
  build->add_option("--flavor", req.flavor, "minimal or full")->capture_default_str();
  build->add_option("--format", req.format, "initrd or ext4")->capture_default_str();
  build->add_option("--mirror", req.mirror, "Debian mirror URL (default http://deb.debian.org/debian)");
  build->add_option("--keyring", req.keyring, "gpgv keyring for InRelease (default Debian's archive keyring)");
  build->add_flag("--refresh", req.refresh, "ask the mirror for newer packages even when a recent build is cached");
  build->add_option("--modules", req.modules, "modules tarball to inject (lib/modules/<release>/...)");
  build->add_option("--overlay", req.overlays, "archive[:/guest-dir] to inject (repeatable)");
  build->add_option("--rootfs", req.given, "use this rootfs (path or URL, cpio or ext4) instead of the default");
  build->add_option("-o,--output", output, "folder for the result (default: print the cached path)");

  std::string clear_arch;
  auto* clear = app.add_subcommand("clear", "remove cached rootfs builds and downloads");
  clear->add_option("-a,--arch", clear_arch, "only this architecture's builds");

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    fs::path cache = cache_of(cache_dir);
    if (*list_cmd) {
      list(cache);
    } else if (*build) {
      req.cache_dir = cache.parent_path();
      bool plain = req.modules.empty() && req.overlays.empty() && req.given.empty() && req.format == "initrd";
      if (plain && output.empty()) {
        std::cout << default_initramfs(req).string() << "\n";
      } else {
        req.work_dir = output.empty() ? fs::current_path() : fs::path(output);
        std::cout << prepare(req).path.string() << "\n";
      }
    } else if (*clear) {
      if (clear_arch.empty()) {
        fs::remove_all(cache);
        kc::console::info("rootfs: removed {}", cache.string());
      } else {
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(cache / "built", ec))
          if (e.path().filename().string().rfind(clear_arch + "-", 0) == 0) fs::remove_all(e.path());
        kc::console::info("rootfs: removed the cached {} builds", clear_arch);
      }
    }
    return 0;
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return 2;
  } catch (const std::exception& e) {
    kc::console::error("{}", e.what());
    return 2;
  }
}

}  // namespace krun::rootfs

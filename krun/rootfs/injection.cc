#include "krun/rootfs/injection.h"

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/download.h"
#include "common/errors.h"
#include "common/signals.h"
#include "krun/rootfs/tree_builder.h"

namespace krun::rootfs {

namespace fs = std::filesystem;

namespace {
// Guest paths are absolute ("/krun/tests/..."); inside the rootfs they are relative.
std::string guest_relative(std::string p, const std::string& what) {
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  return kc::safe_entry_path(p, what);
}
}  // namespace

OverlaySpec parse_overlay(const std::string& spec) {
  OverlaySpec o{spec, ""};
  // The guest path is what follows the last ':' when it starts with '/' (but
  // not "//", which is a URL's own "scheme://").
  auto colon = spec.rfind(':');
  if (colon != std::string::npos && colon + 1 < spec.size() && spec[colon + 1] == '/' &&
      spec.compare(colon + 1, 2, "//") != 0) {
    o.location = spec.substr(0, colon);
    o.guest_dir = spec.substr(colon + 1);
  }
  if (o.location.empty()) throw kc::usage_error("--overlay '" + spec + "' names no archive");
  o.guest_dir = guest_relative(o.guest_dir, "--overlay " + spec);
  return o;
}

void check_modules_layout(const fs::path& archive) {
  bool any_release = false;
  for (const auto& raw : kc::list_archive(archive)) {
    std::string p = kc::safe_entry_path(raw, archive.string());
    if (p.empty() || p == "lib" || p == "lib/modules") continue;
    if (p.rfind("lib/modules/", 0) != 0)
      throw kc::usage_error("modules archive " + archive.string() + " has '" + p +
                            "' outside lib/modules/<release>/; give the modules.tar.xz that kbuild or TuxMake made");
    any_release = true;
  }
  if (!any_release)
    throw kc::usage_error("modules archive " + archive.string() +
                          " has no lib/modules/<release>/ folder; give the modules.tar.xz that kbuild or TuxMake made");
}

void check_injection(const Injection& in) {
  if (!in.modules.empty()) {
    if (!fs::exists(in.modules)) throw kc::usage_error("modules archive not found: " + in.modules.string());
    check_modules_layout(in.modules);
  }
  for (const auto& spec : in.overlays) parse_overlay(spec);
}

std::vector<fs::path> make_segments(const Injection& in, const fs::path& work_dir) {
  std::vector<fs::path> segments;
  kc::CpioOptions o;
  o.compression = kc::Compression::Gzip;
  o.clamp_mtime = kRootfsEpoch;
  o.through_symlinks = in.base_symlinks;
  fs::create_directories(work_dir);
  if (!in.modules.empty()) {
    segments.push_back(work_dir / "segment-modules.cpio.gz");
    kc::CpioOptions mo = o;
    mo.prefix = guest_relative(in.modules_dir, "--modules");
    kc::convert_to_cpio(in.modules, segments.back(), mo);
  }
  int n = 0;
  for (const auto& spec : in.overlays) {
    kc::signals::stop_if_received("adding overlays to the rootfs");
    OverlaySpec ov = parse_overlay(spec);
    kc::DownloadOptions d;
    d.cache_dir = in.download_cache;
    fs::path archive = kc::fetch_cached(ov.location, d);
    kc::CpioOptions oo = o;
    oo.prefix = ov.guest_dir;
    segments.push_back(work_dir / ("segment-overlay-" + std::to_string(++n) + ".cpio.gz"));
    kc::convert_to_cpio(archive, segments.back(), oo);
  }
  if (!in.extra_files.empty()) {
    fs::path staging = work_dir / "extra-files";
    fs::remove_all(staging);
    for (const auto& [guest, content] : in.extra_files) {
      std::string rel = guest_relative(guest, "extra file");
      if (rel.empty()) throw kc::usage_error("extra file with an empty guest path");
      kc::write_file_atomic(staging / rel, content);
      if (rel.size() > 3 && rel.compare(rel.size() - 3, 3, ".sh") == 0) fs::permissions(staging / rel, fs::perms(0755));
    }
    segments.push_back(work_dir / "segment-extra-files.cpio.gz");
    kc::create_cpio_from_dir(staging, segments.back(), o);
    fs::remove_all(staging);
  }
  return segments;
}

}  // namespace krun::rootfs

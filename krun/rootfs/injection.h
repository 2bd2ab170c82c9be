#pragma once
// What krun adds to any rootfs (ours or a given one): the modules tarball,
// overlays ("archive[:guest-path]") and the /krun/... files. Each becomes a
// validated cpio newc segment; an initramfs gets them appended, an ext4
// image is rebuilt with them unpacked into its tree.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace krun::rootfs {

struct Injection {
  std::filesystem::path modules;
  std::vector<std::string> overlays;
  std::map<std::string, std::string> extra_files;
  std::filesystem::path download_cache;   // for overlay URLs
  // Symlinks of the rootfs the segments go onto (kc::CpioOptions::through_symlinks).
  std::set<std::string> base_symlinks;
  std::string modules_dir;                // guest folder the modules archive's lib/ goes under ("" = /)
};

struct OverlaySpec {
  std::string location;   // path or URL
  std::string guest_dir;  // "" = "/"
};
// "a.tar.gz", "a.tar.gz:/opt", "https://h/a.tar.gz:/opt"; throws Error(Usage)
// for a guest path with "..".
OverlaySpec parse_overlay(const std::string& spec);

// Throws Error(Usage) naming the archive unless every entry is under
// lib/modules/<release>/ and at least one release folder exists.
void check_modules_layout(const std::filesystem::path& archive);

// The user errors (a missing or badly laid out modules archive, an overlay
// path that escapes) found before any download or rootfs build.
void check_injection(const Injection& injection);

// The segments, in order (modules, overlays, extra files), written into
// `work_dir`. Call check_injection first: the modules layout is not read again.
std::vector<std::filesystem::path> make_segments(const Injection& injection, const std::filesystem::path& work_dir);

}  // namespace krun::rootfs

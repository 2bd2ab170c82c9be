#pragma once
// Lays out the default rootfs folder from .deb files (their data.tar only:
// no maintainer scripts, so any architecture builds on any host) plus our
// own pieces: usr-merged folders, busybox applet links, /init; and writes it
// as an initramfs or an ext4 image.
#include <filesystem>
#include <string>
#include <vector>

namespace krun::rootfs {

// `rootfs_data` holds init and busybox-applets.txt. Throws when no package
// provided busybox.
void build_tree(const std::vector<std::filesystem::path>& debs, const std::filesystem::path& dir,
                const std::filesystem::path& rootfs_data);

// Unpacks a .deb's data.tar.* into `dir` (guest-root semantics).
void unpack_deb(const std::filesystem::path& deb, const std::filesystem::path& dir,
                const std::filesystem::path& scratch);

// cpio newc + gzip of `dir`, followed by a segment with /dev/console (the
// kernel opens it for init before anything could mount devtmpfs).
void write_initramfs(const std::filesystem::path& dir, const std::filesystem::path& out);

// mke2fs -d: an ext4 image of `dir`, sized for its content plus headroom.
void write_ext4(const std::filesystem::path& dir, const std::filesystem::path& out);

// Fixed mtime for everything we pack, so two builds give the same bytes.
constexpr int64_t kRootfsEpoch = 1700000000;

}  // namespace krun::rootfs

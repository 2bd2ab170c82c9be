#include "krun/rootfs/tree_builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstdio>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/signals.h"
#include "common/process.h"
#include "krun/rootfs/recipe.h"

namespace krun::rootfs {

namespace fs = std::filesystem;

void unpack_deb(const fs::path& deb, const fs::path& dir, const fs::path& scratch) {
  fs::remove_all(scratch);
  kc::ExtractOptions member;
  member.only_prefix = "data.tar";
  kc::extract_archive(deb, scratch, member);
  fs::path data;
  for (const auto& e : fs::directory_iterator(scratch))
    if (e.path().filename().string().rfind("data.tar", 0) == 0) data = e.path();
  if (data.empty()) throw kc::infra_error(deb.string() + " has no data.tar member; is it a .deb?");
  kc::ExtractOptions guest;
  guest.guest_root = true;
  kc::extract_archive(data, dir, guest);
  fs::remove_all(scratch);
}

void build_tree(const std::vector<fs::path>& debs, const fs::path& dir, const fs::path& data) {
  fs::create_directories(dir);
  // usr-merged like current Debian, so packages from before and after the
  // merge land in the same place.
  for (const char* d : {"usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "proc", "sys", "dev", "tmp", "run",
                        "root", "mnt", "var/tmp", "krun/tests"})
    fs::create_directories(dir / d);
  for (const char* d : {"bin", "sbin", "lib", "lib64"}) fs::create_symlink(std::string("usr/") + d, dir / d);
  fs::path scratch = dir.string() + ".deb-scratch";
  for (const auto& deb : debs) {
    kc::signals::stop_if_received("building the rootfs");
    unpack_deb(deb, dir, scratch);
  }
  if (!fs::exists(dir / "usr/bin/busybox"))
    throw kc::usage_error("none of the rootfs packages provides /bin/busybox; the recipe needs busybox-static");
  for (const auto& applet : busybox_applets(data)) {
    fs::path link = dir / "usr/bin" / applet;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(link, ec)) && !fs::exists(fs::symlink_status(dir / "usr/sbin" / applet, ec)))
      fs::create_symlink("busybox", link);
  }
  fs::copy_file(data / "init", dir / "init", fs::copy_options::overwrite_existing);
  fs::permissions(dir / "init", fs::perms(0755));
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir / "usr/sbin/init", ec))) fs::create_symlink("/init", dir / "usr/sbin/init");
  // Debian's standard users and groups (base-passwd's first entries): test
  // suites drop privileges to `nobody` and `nogroup` (LTP's access01, ...).
  for (const char* f : {"passwd", "group"})
    if (!fs::exists(dir / "etc" / f)) fs::copy_file(data / f, dir / "etc" / f);
}

namespace {

void write_console_segment(const fs::path& out) {
  struct archive* a = archive_write_new();
  archive_write_set_format_cpio_newc(a);
  archive_write_add_filter_none(a);
  // Appended to the end of the initramfs file (the kernel unpacks segments in turn).
  FILE* f = std::fopen(out.c_str(), "ab");
  if (!f) throw kc::infra_error("cannot write " + out.string());
  // The kernel reads an uncompressed cpio segment only at a 4-byte aligned
  // offset (zero bytes between segments are skipped).
  for (auto size = fs::file_size(out); size % 4 != 0; ++size) std::fputc(0, f);
  if (archive_write_open_FILE(a, f) != ARCHIVE_OK) throw kc::infra_error("cannot write " + out.string());
  int ino = 1;
  for (auto [path, type] : {std::pair{"dev", AE_IFDIR}, std::pair{"dev/console", AE_IFCHR}}) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path);
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0600);
    archive_entry_set_mtime(e, kRootfsEpoch, 0);
    archive_entry_set_ino(e, ino++);
    archive_entry_set_nlink(e, 1);
    archive_entry_set_size(e, 0);
    if (type == AE_IFCHR) archive_entry_set_rdev(e, makedev(5, 1));
    archive_write_header(a, e);
    archive_entry_free(e);
  }
  bool ok = archive_write_close(a) == ARCHIVE_OK;
  archive_write_free(a);
  ok = std::fclose(f) == 0 && ok;
  if (!ok) throw kc::infra_error("cannot write " + out.string());
}

uintmax_t tree_bytes(const fs::path& dir) {
  uintmax_t total = 0;
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_symlink(ec) == false && e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

}  // namespace

void write_initramfs(const fs::path& dir, const fs::path& out) {
  kc::CpioOptions o;
  o.compression = kc::Compression::Gzip;
  o.clamp_mtime = kRootfsEpoch;
  kc::create_cpio_from_dir(dir, out, o);
  write_console_segment(out);
}

void write_ext4(const fs::path& dir, const fs::path& out) {
  // Content plus half again plus 64 MiB for what tests write.
  uintmax_t kib = tree_bytes(dir) / 1024 * 3 / 2 + 65536;
  fs::remove(out);
  kc::ProcessOptions o;
  o.argv = {"mke2fs", "-q", "-F", "-t", "ext4", "-L", "krun-rootfs", "-E", "root_owner=0:0", "-d", dir.string(),
            out.string(), std::to_string(kib) + "k"};
  o.timeout = std::chrono::minutes(10);
  auto r = kc::run_process(o);
  if (r.spawn_failed) throw kc::infra_error("mke2fs is not installed; install e2fsprogs");
  if (!r.ok()) throw kc::infra_error("mke2fs failed for " + out.string() + " (" + r.describe() + "): " + r.err);
}

}  // namespace krun::rootfs

#pragma once
// Archives through libarchive: deterministic tarballs (sorted entries, owner
// 0:0, mtime clamped, no atime/ctime/xattrs) so two builds of one tree give
// identical bytes; safe extraction (no entry escapes the destination).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace kc {

enum class Compression { None, Gzip, Xz, Zstd, Bzip2 };
// "xz"→Xz, "gz"/"gzip"→Gzip, "zstd"→Zstd, "none"→None; throws Error(Usage).
Compression parse_compression(const std::string& name);
// File suffix for a tarball: ".tar.xz", ".tar.gz", ".tar.zst", ".tar".
std::string tar_suffix(Compression c);
// File suffix for one compressed file: ".xz", ".gz", ".zst", ".bz2", "".
std::string compressed_suffix(Compression c);

struct TarOptions {
  Compression compression = Compression::Xz;
  int64_t clamp_mtime = 0;     // entries newer than this get this mtime; 0: leave
  std::string prefix;          // path prefix inside the archive, e.g. "lib/modules/"
};

// Archives the contents of `dir` (not `dir` itself) into `out`.
void create_tar_from_dir(const std::filesystem::path& dir, const std::filesystem::path& out,
                         const TarOptions& options);

// Writes `file` compressed with `c` (no archive around it, like `xz -k`),
// streamed, so a large vmlinux never sits in memory; gzip output has no
// timestamp (same input, same bytes). Throws kc::Error naming the file.
void compress_file(const std::filesystem::path& file, const std::filesystem::path& out, Compression c);
// The other way: a single .xz/.gz/.zst/... file (not an archive; a plain one
// passes through) read into memory, or streamed to `out`. Throws
// kc::Error(Infrastructure) naming it, Error(Usage) past caps::kUnpackedArchive.
std::string decompress_file(const std::filesystem::path& file);
void decompress_to_file(const std::filesystem::path& file, const std::filesystem::path& out);

// Extracts any archive libarchive reads (tar, cpio, ar, compressed or not)
// into `dest`, refusing entries that would escape it (.., absolute paths,
// symlinks pointing outside) and archives that unpack to more than
// caps::kUnpackedArchive. Throws kc::Error(Usage) naming the archive.
void extract_archive(const std::filesystem::path& archive, const std::filesystem::path& dest);

struct ExtractOptions {
  // Treat `dest` as the root of a guest file system (unpacking Debian
  // packages): symlinks may point anywhere, absolute ones meaning "inside
  // dest", and existing symlinks in dest are followed with that meaning
  // (chroot semantics), so nothing is ever written outside dest. Device
  // nodes are skipped (devtmpfs provides them in the guest).
  bool guest_root = false;
  // Only entries whose path starts with this (after "./" is dropped) are
  // extracted, e.g. "data.tar" to take one member out of a .deb.
  std::string only_prefix;
};
void extract_archive(const std::filesystem::path& archive, const std::filesystem::path& dest,
                     const ExtractOptions& options);

// Entry paths in an archive (for checks like "has lib/modules/<ver>/").
std::vector<std::string> list_archive(const std::filesystem::path& archive);

// The content of the first regular file whose path is `suffix` or ends in
// "/<suffix>" (kselftest-list.txt wherever the install put it); nullopt when
// there is none. Throws Error(Usage) for a corrupt archive or a member
// larger than max_bytes.
std::optional<std::string> read_archive_member(const std::filesystem::path& archive, const std::string& suffix,
                                               size_t max_bytes = 16 << 20);

// Paths of the symbolic links in an archive, normalised like
// safe_entry_path ("./lib" → "lib").
std::set<std::string> archive_symlinks(const std::filesystem::path& archive);

// The normalised relative path of an archive entry name ("./a//b/" → "a/b"),
// or throws Error(Usage) naming `archive` when it is absolute or uses "..".
std::string safe_entry_path(const std::string& name, const std::string& archive);

// cpio "newc" (what the kernel unpacks as an initramfs), deterministic like
// the tarballs: sorted, owner 0:0, inode numbers in order, mtime clamped.
struct CpioOptions {
  Compression compression = Compression::Gzip;
  int64_t clamp_mtime = 0;
  std::string prefix;          // put everything under this guest folder, e.g. "opt/x"
  // Folders the rootfs this segment is appended to has as symlinks (a merged
  // /usr: lib -> usr/lib). The kernel replaces an existing entry whose type
  // differs, so a folder entry "lib" would cut the link and hide the C
  // library; none is written for these and entries go through the link.
  std::set<std::string> through_symlinks;
};
void create_cpio_from_dir(const std::filesystem::path& dir, const std::filesystem::path& out,
                          const CpioOptions& options);
// Re-packs any archive (tar, cpio; compressed or not) as a cpio newc segment,
// adding the parent folders the kernel needs before each entry and refusing
// entries that escape (.., absolute paths, symlinks pointing outside).
void convert_to_cpio(const std::filesystem::path& archive, const std::filesystem::path& out,
                     const CpioOptions& options);

}  // namespace kc

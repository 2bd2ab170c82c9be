#pragma once
// Archives through libarchive: deterministic tarballs (sorted entries, owner
// 0:0, mtime clamped, no atime/ctime/xattrs) so two builds of one tree give
// identical bytes; safe extraction (no entry escapes the destination).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kc {

enum class Compression { None, Gzip, Xz, Zstd, Bzip2 };
// "xz"→Xz, "gz"/"gzip"→Gzip, "zstd"→Zstd, "none"→None; throws Error(Usage).
Compression parse_compression(const std::string& name);
// File suffix for a tarball: ".tar.xz", ".tar.gz", ".tar.zst", ".tar".
std::string tar_suffix(Compression c);

struct TarOptions {
  Compression compression = Compression::Xz;
  int64_t clamp_mtime = 0;     // entries newer than this get this mtime; 0: leave
  std::string prefix;          // path prefix inside the archive, e.g. "lib/modules/"
};

// Archives the contents of `dir` (not `dir` itself) into `out`.
void create_tar_from_dir(const std::filesystem::path& dir, const std::filesystem::path& out,
                         const TarOptions& options);

// Extracts any archive libarchive reads (tar, cpio, ar, compressed or not)
// into `dest`, refusing entries that would escape it (.., absolute paths,
// symlinks pointing outside). Throws kc::Error(Usage) naming the archive.
void extract_archive(const std::filesystem::path& archive, const std::filesystem::path& dest);

// Entry paths in an archive (for checks like "has lib/modules/<ver>/").
std::vector<std::string> list_archive(const std::filesystem::path& archive);

}  // namespace kc

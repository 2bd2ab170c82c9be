#pragma once
// Shared by archive*.cc: RAII handles for libarchive and entry-path rules.
#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "common/archive.h"

namespace kc::archive_detail {

struct ReadDeleter { void operator()(struct archive* a) const { archive_read_free(a); } };
struct WriteDeleter { void operator()(struct archive* a) const { archive_write_free(a); } };
struct EntryDeleter { void operator()(archive_entry* e) const { archive_entry_free(e); } };
using Reader = std::unique_ptr<struct archive, ReadDeleter>;
using Writer = std::unique_ptr<struct archive, WriteDeleter>;
using Entry = std::unique_ptr<archive_entry, EntryDeleter>;

// libarchive's message for the last error on `a`; it can be NULL (a
// truncated compressed stream), which must not reach a std::string.
std::string error_text(struct archive* a);

// Opens any format/compression libarchive knows; throws Error(Usage) naming the file.
Reader open_reader(const std::filesystem::path& archive);
// "tar" (pax restricted) or "cpio" (newc) with a compression filter.
Writer open_writer(const std::filesystem::path& out, bool cpio, Compression c);
// One compressed stream, no archive format around it (compress_file).
Writer open_raw_writer(const std::filesystem::path& out, Compression c);
void write_entry(struct archive* w, archive_entry* e, const std::string& data, const std::filesystem::path& out);
void close_writer(Writer& w, const std::filesystem::path& out);

// Counts what an archive unpacks to and refuses it past
// caps::kUnpackedArchive: the sizes come from the entry headers, before a
// byte is written, so a sparse or bomb tarball of a few KB costs nothing.
class UnpackBudget {
 public:
  explicit UnpackBudget(std::string archive);
  void take(archive_entry* e, const std::string& rel);

 private:
  std::string archive_;
  uint64_t cap_;
  uint64_t used_ = 0;
};

// True when a symlink at `entry_path` (relative, normalised) pointing to
// `target` stays inside the archive root.
bool symlink_stays_inside(const std::string& entry_path, const std::string& target);

}  // namespace kc::archive_detail

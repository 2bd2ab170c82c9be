// Safe extraction: every entry name is normalised and checked, symlinks are
// checked (strict mode) or re-rooted (guest_root mode), and libarchive is told
// never to write through a symlink, so nothing lands outside the destination.
#include <fmt/format.h>

#include <deque>
#include <fstream>
#include <vector>

#include "common/archive.h"
#include "common/archive_internal.h"
#include "common/errors.h"
#include "common/size_caps.h"

namespace kc {

namespace fs = std::filesystem;
using namespace archive_detail;

namespace {

std::vector<std::string> split(const std::string& p) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    if (j > i) parts.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : "/") + p;
  return s;
}

// Where `rel` lands inside `root` when existing symlinks are followed as the
// guest would follow them (absolute targets start again at root, ".." stops
// at root). The last component is followed only when asked (folders).
std::string resolve_in_root(const fs::path& root, const std::string& rel, bool follow_last,
                            const std::string& archive) {
  std::deque<std::string> todo;
  for (auto& p : split(rel)) todo.push_back(p);
  std::vector<std::string> cur;
  int hops = 0;
  while (!todo.empty()) {
    std::string p = todo.front();
    todo.pop_front();
    if (p == ".") continue;
    if (p == "..") {
      if (!cur.empty()) cur.pop_back();
      continue;
    }
    bool last = todo.empty();
    fs::path candidate = root / join(cur) / p;
    std::error_code ec;
    if ((!last || follow_last) && fs::is_symlink(fs::symlink_status(candidate, ec))) {
      if (++hops > 40) throw usage_error(archive + ": too many symlinks resolving '" + rel + "'");
      std::string target = fs::read_symlink(candidate, ec).string();
      if (!target.empty() && target.front() == '/') cur.clear();
      auto tparts = split(target);
      todo.insert(todo.begin(), tparts.begin(), tparts.end());
      continue;
    }
    cur.push_back(p);
  }
  return join(cur);
}

// Strict mode: an entry below a symlink (made by an earlier entry) would be
// written wherever that link points; refuse instead of guessing.
void refuse_symlink_on_the_way(const fs::path& root, const std::string& rel, const std::string& archive) {
  auto parts = split(rel);
  fs::path p = root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    p /= parts[i];
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(p, ec)))
      throw usage_error(archive + ": entry '" + rel + "' would be written through the symlink '" +
                        join({parts.begin(), parts.begin() + static_cast<long>(i) + 1}) + "'; refusing it");
  }
}

}  // namespace

void extract_archive(const fs::path& archive, const fs::path& dest) { extract_archive(archive, dest, {}); }

void extract_archive(const fs::path& archive, const fs::path& dest, const ExtractOptions& options) {
  const std::string name = archive.string();
  std::error_code ec;
  fs::create_directories(dest, ec);
  // Canonical, so the only symlinks on the way are the ones inside dest.
  const fs::path root = fs::canonical(dest, ec);
  if (ec) throw infra_error("cannot create " + dest.string() + ": " + ec.message());
  Reader r = open_reader(archive);
  Writer disk(archive_write_disk_new());
  archive_write_disk_set_options(disk.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
                                                 ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                                 ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_UNLINK);
  UnpackBudget budget(name);
  archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(r.get(), &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    const char* raw = archive_entry_pathname(e);
    std::string rel = safe_entry_path(raw ? raw : "", name);
    if (rel.empty() || (!options.only_prefix.empty() && rel.rfind(options.only_prefix, 0) != 0)) {
      archive_read_data_skip(r.get());
      continue;
    }
    budget.take(e, rel);
    auto type = archive_entry_filetype(e);
    if (type == AE_IFCHR || type == AE_IFBLK || type == AE_IFIFO || type == AE_IFSOCK) {
      if (options.guest_root) {
        archive_read_data_skip(r.get());
        continue;
      }
      throw usage_error(name + ": entry '" + rel + "' is a device or special file; refusing to extract it");
    }
    if (type == AE_IFLNK && !options.guest_root) {
      const char* target = archive_entry_symlink(e);
      if (!symlink_stays_inside(rel, target ? target : ""))
        throw usage_error(name + ": symlink '" + rel + "' -> '" + (target ? target : "") +
                          "' points outside the destination; refusing to extract it");
    }
    if (const char* hl = archive_entry_hardlink(e); hl && *hl) {
      std::string hrel = safe_entry_path(hl, name);
      if (options.guest_root) hrel = resolve_in_root(root, hrel, false, name);
      archive_entry_set_hardlink(e, (root / hrel).c_str());
    }
    if (!options.guest_root) refuse_symlink_on_the_way(root, rel, name);
    std::string where = options.guest_root ? resolve_in_root(root, rel, type == AE_IFDIR, name) : rel;
    if (where.empty()) {
      archive_read_data_skip(r.get());
      continue;
    }
    archive_entry_set_pathname(e, (root / where).c_str());
    if (archive_write_header(disk.get(), e) < ARCHIVE_WARN)
      throw usage_error(name + ": cannot extract '" + rel + "': " + archive_detail::error_text(disk.get()));
    if (archive_entry_size(e) > 0) {
      const void* buf;
      size_t size;
      la_int64_t offset;
      int drc;
      while ((drc = archive_read_data_block(r.get(), &buf, &size, &offset)) == ARCHIVE_OK) {
        if (archive_write_data_block(disk.get(), buf, size, offset) < ARCHIVE_WARN)
          throw infra_error(name + ": cannot write '" + rel + "': " + archive_detail::error_text(disk.get()));
      }
      if (drc != ARCHIVE_EOF)
        throw usage_error("corrupt archive " + name + " at '" + rel + "': " + archive_detail::error_text(r.get()));
    }
    if (archive_write_finish_entry(disk.get()) < ARCHIVE_WARN)
      throw infra_error(name + ": cannot finish '" + rel + "': " + archive_detail::error_text(disk.get()));
  }
  if (rc != ARCHIVE_EOF)
    throw usage_error("corrupt archive " + name + ": " + archive_detail::error_text(r.get()));
  archive_write_close(disk.get());
}

namespace {

// Streams the single compressed stream in `file` to `put`, within the
// unpacked-archive cap (an xz bomb stops at the cap, not at a full disk).
template <typename Put>
void decompress_stream(const fs::path& file, Put put) {
  Reader a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_raw(a.get());
  archive_entry* e = nullptr;
  bool ok = archive_read_open_filename(a.get(), file.c_str(), 1 << 16) == ARCHIVE_OK &&
            archive_read_next_header(a.get(), &e) == ARCHIVE_OK;
  if (ok) {
    const uint64_t cap = caps::kUnpackedArchive.bytes();
    uint64_t total = 0;
    std::vector<char> buf(1 << 16);
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buf.data(), buf.size())) > 0) {
      total += static_cast<uint64_t>(n);
      if (total > cap)
        throw usage_error(fmt::format("{}: decompresses to more than {}; refusing it. If the file is right, set {} "
                                      "to a larger size",
                                      file.string(), human_size(cap), caps::kUnpackedArchive.env_var));
      put(buf.data(), static_cast<size_t>(n));
    }
    ok = n == 0;
  }
  if (!ok) throw infra_error("cannot decompress " + file.string() + ": " + archive_detail::error_text(a.get()));
}

}  // namespace

std::string decompress_file(const fs::path& file) {
  std::string out;
  decompress_stream(file, [&](const char* p, size_t n) { out.append(p, n); });
  return out;
}

void decompress_to_file(const fs::path& file, const fs::path& out) {
  std::ofstream o(out, std::ios::binary | std::ios::trunc);
  if (!o) throw infra_error("cannot write " + out.string());
  decompress_stream(file, [&](const char* p, size_t n) {
    if (!o.write(p, static_cast<std::streamsize>(n))) throw infra_error("cannot write " + out.string());
  });
  o.close();
  if (!o) throw infra_error("cannot write " + out.string());
}

}  // namespace kc

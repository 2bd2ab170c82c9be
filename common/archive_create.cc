// Deterministic tar and cpio writing: entries sorted by name, owner 0:0,
// inode numbers assigned in order, sub-second times dropped and mtimes
// clamped, so the same tree gives the same bytes on any host.
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "common/archive.h"
#include "common/archive_internal.h"
#include "common/atomic_file.h"
#include "common/errors.h"

namespace kc {

namespace fs = std::filesystem;
using namespace archive_detail;

namespace {

std::vector<std::string> sorted_tree(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw usage_error("not a folder: " + dir.string());
  std::vector<std::string> rels;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    rels.push_back(it->path().lexically_relative(dir).generic_string());  // not fs::relative: it follows symlinks
  std::sort(rels.begin(), rels.end());
  return rels;
}

int64_t clamp(int64_t mtime, int64_t limit) { return limit > 0 && mtime > limit ? limit : mtime; }

std::string join_prefix(const std::string& prefix, const std::string& rel) {
  std::string p = prefix;
  while (!p.empty() && p.back() == '/') p.pop_back();
  while (!p.empty() && p.front() == '/') p.erase(0, 1);
  return p.empty() ? rel : p + "/" + rel;
}

// Writes entries in order and, for cpio, the parent folders the kernel
// needs before anything inside them (it does not create them itself).
class Packer {
 public:
  Packer(const fs::path& out, bool cpio, Compression c, int64_t clamp_mtime,
         std::set<std::string> through_symlinks = {})
      : out_(out), cpio_(cpio), clamp_(clamp_mtime), w_(open_writer(out, cpio, c)),
        dirs_(std::move(through_symlinks)) {}

  void add(archive_entry* e, const std::string& path, const std::string& data) {
    if (!prepare(e, path)) return;
    write_entry(w_.get(), e, data, out_);
    if (archive_entry_filetype(e) == AE_IFDIR) dirs_.insert(path);
  }

  // A regular file whose data comes from `r` block by block (a converted
  // archive): only one block is in memory, and a sparse file's holes are
  // written as zeros, which cpio needs.
  void add_streamed(archive_entry* e, const std::string& path, struct archive* r, const std::string& name) {
    if (!prepare(e, path)) return;
    write_entry(w_.get(), e, "", out_);
    const uint64_t size = static_cast<uint64_t>(std::max<la_int64_t>(archive_entry_size(e), 0));
    uint64_t written = 0;
    static const std::string zeros(1 << 16, '\0');
    auto put = [&](const void* p, size_t n) {
      if (archive_write_data(w_.get(), p, n) < 0)
        throw infra_error("cannot write " + out_.string() + ": " + archive_detail::error_text(w_.get()));
      written += n;
    };
    auto fill_to = [&](uint64_t offset) {
      while (written < offset) put(zeros.data(), static_cast<size_t>(std::min<uint64_t>(zeros.size(), offset - written)));
    };
    const void* buf;
    size_t n;
    la_int64_t offset;
    int rc;
    while ((rc = archive_read_data_block(r, &buf, &n, &offset)) == ARCHIVE_OK) {
      fill_to(static_cast<uint64_t>(offset));
      put(buf, std::min<uint64_t>(n, size > written ? size - written : 0));
    }
    if (rc != ARCHIVE_EOF) throw usage_error("corrupt archive " + name + ": " + archive_detail::error_text(r));
    fill_to(size);
  }

 private:
  // Normalises the entry; false when it is a folder to leave out (already
  // written, or one the base rootfs has as a symlink).
  bool prepare(archive_entry* e, const std::string& path) {
    if (archive_entry_filetype(e) == AE_IFDIR && dirs_.count(path)) return false;
    if (cpio_) add_parents(path);
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_uname(e, nullptr);
    archive_entry_set_gname(e, nullptr);
    archive_entry_set_mtime(e, clamp(archive_entry_mtime(e), clamp_), 0);
    archive_entry_unset_atime(e);
    archive_entry_unset_ctime(e);
    archive_entry_unset_birthtime(e);
    archive_entry_xattr_clear(e);
    archive_entry_acl_clear(e);
    archive_entry_set_ino64(e, ++ino_);
    archive_entry_set_dev(e, 0);
    archive_entry_set_nlink(e, archive_entry_filetype(e) == AE_IFDIR ? 2 : 1);
    if (archive_entry_filetype(e) != AE_IFREG) archive_entry_set_size(e, 0);
    return true;
  }

 public:
  void add_dir(const std::string& path, int64_t mtime) {
    Entry e(archive_entry_new());
    archive_entry_set_filetype(e.get(), AE_IFDIR);
    archive_entry_set_perm(e.get(), 0755);
    archive_entry_set_mtime(e.get(), mtime, 0);
    add(e.get(), path, "");
  }

  void close() { close_writer(w_, out_); }

 private:
  void add_parents(const std::string& path) {
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      std::string parent = path.substr(0, slash);
      if (!dirs_.count(parent)) add_dir(parent, clamp_);
    }
  }
  fs::path out_;
  bool cpio_;
  int64_t clamp_;
  Writer w_;
  std::set<std::string> dirs_;  // written, or to go through (CpioOptions::through_symlinks)
  int64_t ino_ = 0;
};

void pack_dir(const fs::path& dir, const fs::path& out, bool cpio, Compression c, int64_t clamp_mtime,
              const std::string& prefix, const std::set<std::string>& through_symlinks = {}) {
  Packer packer(out, cpio, c, clamp_mtime, through_symlinks);
  for (const auto& rel : sorted_tree(dir)) {
    fs::path p = dir / rel;
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) throw infra_error("cannot read " + p.string());
    Entry e(archive_entry_new());
    archive_entry_copy_stat(e.get(), &st);
    std::string data;
    if (S_ISREG(st.st_mode)) {
      data = read_file(p);
      archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    } else if (S_ISLNK(st.st_mode)) {
      archive_entry_set_symlink(e.get(), fs::read_symlink(p).c_str());
      archive_entry_set_size(e.get(), 0);
    } else if (S_ISDIR(st.st_mode)) {
      archive_entry_set_size(e.get(), 0);
    } else {
      continue;  // sockets, fifos, devices on the host are not ours to pack
    }
    packer.add(e.get(), join_prefix(prefix, rel), data);
  }
  packer.close();
}

std::string read_data(struct archive* r, const std::string& name) {
  std::string data;
  const void* buf;
  size_t size;
  la_int64_t offset;
  int rc;
  while ((rc = archive_read_data_block(r, &buf, &size, &offset)) == ARCHIVE_OK) {
    if (static_cast<size_t>(offset) > data.size()) data.resize(static_cast<size_t>(offset));  // sparse hole
    data.append(static_cast<const char*>(buf), size);
  }
  if (rc != ARCHIVE_EOF) throw usage_error("corrupt archive " + name + ": " + archive_detail::error_text(r));
  return data;
}

}  // namespace

void create_tar_from_dir(const fs::path& dir, const fs::path& out, const TarOptions& options) {
  pack_dir(dir, out, false, options.compression, options.clamp_mtime, options.prefix);
}

void create_cpio_from_dir(const fs::path& dir, const fs::path& out, const CpioOptions& options) {
  pack_dir(dir, out, true, options.compression, options.clamp_mtime, options.prefix, options.through_symlinks);
}

void convert_to_cpio(const fs::path& archive, const fs::path& out, const CpioOptions& options) {
  const std::string name = archive.string();
  // First pass: which files are hard-link targets (their data is needed twice).
  std::set<std::string> link_targets;
  {
    Reader r = open_reader(archive);
    archive_entry* e = nullptr;
    while (archive_read_next_header(r.get(), &e) == ARCHIVE_OK) {
      if (const char* hl = archive_entry_hardlink(e); hl && *hl) link_targets.insert(safe_entry_path(hl, name));
      archive_read_data_skip(r.get());
    }
  }
  std::map<std::string, std::string> kept;
  Packer packer(out, true, options.compression, options.clamp_mtime, options.through_symlinks);
  UnpackBudget budget(name);
  Reader r = open_reader(archive);
  archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(r.get(), &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    const char* raw = archive_entry_pathname(e);
    std::string rel = safe_entry_path(raw ? raw : "", name);
    if (rel.empty()) {
      archive_read_data_skip(r.get());
      continue;
    }
    if (archive_entry_filetype(e) == AE_IFLNK) {
      const char* target = archive_entry_symlink(e);
      if (!symlink_stays_inside(rel, target ? target : ""))
        throw usage_error(name + ": symlink '" + rel + "' -> '" + (target ? target : "") +
                          "' points outside the archive; refusing it");
    }
    budget.take(e, rel);
    const std::string path = join_prefix(options.prefix, rel);
    const char* hl = archive_entry_hardlink(e);
    if (archive_entry_filetype(e) == AE_IFREG && !(hl && *hl) && !link_targets.count(rel)) {
      packer.add_streamed(e, path, r.get(), name);
      continue;
    }
    // Hard links: cpio would need shared inodes; a copy of the target's data
    // is simpler and equivalent here, so link targets are kept in memory.
    std::string data = read_data(r.get(), name);
    if (hl && *hl) {
      data = kept[safe_entry_path(hl, name)];
      archive_entry_set_hardlink(e, nullptr);
      archive_entry_set_filetype(e, AE_IFREG);
    }
    if (link_targets.count(rel)) kept[rel] = data;
    archive_entry_set_size(e, static_cast<la_int64_t>(archive_entry_filetype(e) == AE_IFREG ? data.size() : 0));
    packer.add(e, path, data);
  }
  if (rc != ARCHIVE_EOF) throw usage_error("corrupt archive " + name + ": " + archive_detail::error_text(r.get()));
  packer.close();
}

void compress_file(const fs::path& file, const fs::path& out, Compression c) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw usage_error("cannot read " + file.string());
  Writer w = open_raw_writer(out, c);
  Entry e(archive_entry_new());
  archive_entry_set_pathname(e.get(), file.filename().c_str());
  archive_entry_set_filetype(e.get(), AE_IFREG);
  archive_entry_set_perm(e.get(), 0644);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(fs::file_size(file)));
  write_entry(w.get(), e.get(), "", out);
  std::vector<char> buf(1 << 20);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0 && archive_write_data(w.get(), buf.data(), static_cast<size_t>(in.gcount())) < 0)
      throw infra_error("cannot write " + out.string() + ": " + archive_detail::error_text(w.get()));
  }
  if (in.bad()) throw infra_error("cannot read " + file.string());
  close_writer(w, out);
}

}  // namespace kc

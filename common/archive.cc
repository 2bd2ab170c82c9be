#include "common/archive.h"

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "common/archive_internal.h"
#include "common/errors.h"
#include "common/size_caps.h"

namespace kc {

namespace fs = std::filesystem;
using namespace archive_detail;

Compression parse_compression(const std::string& name) {
  if (name == "xz") return Compression::Xz;
  if (name == "gz" || name == "gzip") return Compression::Gzip;
  if (name == "zstd" || name == "zst") return Compression::Zstd;
  if (name == "bz2" || name == "bzip2") return Compression::Bzip2;
  if (name == "none") return Compression::None;
  throw usage_error("unknown compression '" + name + "' (use xz, gzip, zstd, bzip2 or none)");
}

std::string compressed_suffix(Compression c) {
  switch (c) {
    case Compression::Xz: return ".xz";
    case Compression::Gzip: return ".gz";
    case Compression::Zstd: return ".zst";
    case Compression::Bzip2: return ".bz2";
    case Compression::None: return "";
  }
  return "";
}

std::string tar_suffix(Compression c) { return ".tar" + compressed_suffix(c); }

std::string safe_entry_path(const std::string& name, const std::string& archive) {
  if (!name.empty() && name.front() == '/')
    throw usage_error(archive + ": entry '" + name + "' has an absolute path; refusing to extract it");
  std::string out;
  size_t i = 0;
  while (i <= name.size()) {
    size_t j = name.find('/', i);
    if (j == std::string::npos) j = name.size();
    std::string part = name.substr(i, j - i);
    if (part == "..")
      throw usage_error(archive + ": entry '" + name + "' leaves the destination with '..'; refusing to extract it");
    if (!part.empty() && part != ".") out += (out.empty() ? "" : "/") + part;
    i = j + 1;
  }
  return out;
}

namespace archive_detail {

std::string error_text(struct archive* a) {
  const char* why = a ? archive_error_string(a) : nullptr;
  return why ? why : "no message from libarchive (a truncated or corrupt file?)";
}

Reader open_reader(const fs::path& path) {
  Reader r(archive_read_new());
  archive_read_support_filter_all(r.get());
  archive_read_support_format_all(r.get());
  // A raw (headerless) stream is not an archive: format_all leaves it out.
  if (archive_read_open_filename(r.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    throw usage_error("cannot read archive " + path.string() + ": " + archive_detail::error_text(r.get()));
  return r;
}

namespace {

void add_filter(struct archive* w, Compression c) {
  switch (c) {
    case Compression::None: break;
    case Compression::Gzip:
      archive_write_add_filter_gzip(w);
      // No timestamp in the gzip header: same input, same bytes.
      archive_write_set_filter_option(w, "gzip", "timestamp", nullptr);
      break;
    case Compression::Xz: {
      archive_write_add_filter_xz(w);
      // liblzma's threaded encoder gives the same bytes for any thread count
      // of 2 or more, but its single-threaded one other bytes: never ask for
      // 1, so a 1-core machine makes what a 64-core one does. Threads halve
      // the time of a large vmlinux.xz on 2 cores.
      std::string threads = std::to_string(std::max(2u, std::thread::hardware_concurrency()));
      archive_write_set_filter_option(w, "xz", "threads", threads.c_str());
      break;
    }
    case Compression::Zstd: archive_write_add_filter_zstd(w); break;
    case Compression::Bzip2: archive_write_add_filter_bzip2(w); break;
  }
}

void open_file(Writer& w, const fs::path& out) {
  std::error_code ec;
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
  if (archive_write_open_filename(w.get(), out.c_str()) != ARCHIVE_OK)
    throw infra_error("cannot write " + out.string() + ": " + archive_detail::error_text(w.get()));
}

}  // namespace

Writer open_writer(const fs::path& out, bool cpio, Compression c) {
  Writer w(archive_write_new());
  if (cpio)
    archive_write_set_format_cpio_newc(w.get());
  else
    archive_write_set_format_pax_restricted(w.get());
  add_filter(w.get(), c);
  if (!cpio) archive_write_set_bytes_in_last_block(w.get(), 1);
  open_file(w, out);
  return w;
}

Writer open_raw_writer(const fs::path& out, Compression c) {
  Writer w(archive_write_new());
  archive_write_set_format_raw(w.get());
  add_filter(w.get(), c);
  archive_write_set_bytes_in_last_block(w.get(), 1);  // no padding after the stream
  open_file(w, out);
  return w;
}

void write_entry(struct archive* w, archive_entry* e, const std::string& data, const fs::path& out) {
  if (archive_write_header(w, e) < ARCHIVE_WARN)
    throw infra_error("cannot write " + out.string() + ": " + archive_detail::error_text(w));
  if (!data.empty() && archive_write_data(w, data.data(), data.size()) < 0)
    throw infra_error("cannot write " + out.string() + ": " + archive_detail::error_text(w));
}

void close_writer(Writer& w, const fs::path& out) {
  if (archive_write_close(w.get()) != ARCHIVE_OK)
    throw infra_error("cannot write " + out.string() + ": " + archive_detail::error_text(w.get()));
}

UnpackBudget::UnpackBudget(std::string archive)
    : archive_(std::move(archive)), cap_(caps::kUnpackedArchive.bytes()) {}

void UnpackBudget::take(archive_entry* e, const std::string& rel) {
  if (archive_entry_filetype(e) != AE_IFREG || !archive_entry_size_is_set(e)) return;
  const uint64_t size = static_cast<uint64_t>(std::max<la_int64_t>(archive_entry_size(e), 0));
  used_ += size;
  if (used_ <= cap_) return;
  throw usage_error(fmt::format("{}: unpacks to more than {} (entry '{}' alone is {}{}); refusing it. If the "
                                "archive is right, set {} to a larger size",
                                archive_, human_size(cap_), rel, human_size(size),
                                archive_entry_sparse_count(e) > 0 ? ", a sparse file" : "",
                                caps::kUnpackedArchive.env_var));
}

bool symlink_stays_inside(const std::string& entry_path, const std::string& target) {
  if (target.empty() || target.front() == '/') return false;
  // Depth of the folder holding the link, then walk the target.
  int depth = 0;
  for (char ch : entry_path) depth += ch == '/';
  size_t i = 0;
  while (i <= target.size()) {
    size_t j = target.find('/', i);
    if (j == std::string::npos) j = target.size();
    std::string part = target.substr(i, j - i);
    if (part == "..") {
      if (--depth < 0) return false;
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    i = j + 1;
  }
  return true;
}

}  // namespace archive_detail

namespace {

// Calls fn(entry) for every entry header of `path`, skipping the data; throws
// Error(Usage) naming the archive when it is corrupt.
template <typename Fn>
void for_each_header(const fs::path& path, Fn fn) {
  Reader r = open_reader(path);
  archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(r.get(), &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    fn(e);
    archive_read_data_skip(r.get());
  }
  if (rc != ARCHIVE_EOF)
    throw usage_error("corrupt archive " + path.string() + ": " + archive_detail::error_text(r.get()));
}

}  // namespace

std::vector<std::string> list_archive(const fs::path& path) {
  std::vector<std::string> names;
  for_each_header(path, [&](archive_entry* e) {
    const char* name = archive_entry_pathname(e);
    names.emplace_back(name ? name : "");
  });
  return names;
}

std::set<std::string> archive_symlinks(const fs::path& path) {
  std::set<std::string> links;
  for_each_header(path, [&](archive_entry* e) {
    const char* name = archive_entry_pathname(e);
    if (archive_entry_filetype(e) == AE_IFLNK) links.insert(safe_entry_path(name ? name : "", path.string()));
  });
  return links;
}

std::optional<std::string> read_archive_member(const fs::path& path, const std::string& suffix, size_t max_bytes) {
  Reader r = open_reader(path);
  archive_entry* e = nullptr;
  int rc;
  while ((rc = archive_read_next_header(r.get(), &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    const char* raw = archive_entry_pathname(e);
    std::string name = raw ? raw : "";
    bool match = archive_entry_filetype(e) == AE_IFREG &&
                 (name == suffix || (name.size() > suffix.size() && name.ends_with("/" + suffix)));
    if (!match) {
      archive_read_data_skip(r.get());
      continue;
    }
    if (archive_entry_size(e) > static_cast<la_int64_t>(max_bytes))
      throw usage_error(fmt::format("{}: {} is larger than {}", path.string(), name, human_size(max_bytes)));
    std::string data;
    char buf[1 << 15];
    la_ssize_t n;
    while ((n = archive_read_data(r.get(), buf, sizeof buf)) > 0) {
      data.append(buf, static_cast<size_t>(n));
      if (data.size() > max_bytes)
        throw usage_error(fmt::format("{}: {} is larger than {}", path.string(), name, human_size(max_bytes)));
    }
    if (n < 0) throw usage_error("corrupt archive " + path.string() + ": " + archive_detail::error_text(r.get()));
    return data;
  }
  if (rc != ARCHIVE_EOF)
    throw usage_error("corrupt archive " + path.string() + ": " + archive_detail::error_text(r.get()));
  return std::nullopt;
}

}  // namespace kc

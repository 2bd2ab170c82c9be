#include "krun/ltp/ltp_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/download.h"
#include "common/errors.h"
#include "common/sha256.h"

namespace krun::ltp {

namespace fs = std::filesystem;

namespace {

std::string base_name(const std::string& location) {
  std::string s = location.substr(0, location.find_first_of("?#"));
  return s.substr(s.find_last_of('/') + 1);
}

bool is_ltp_root(const fs::path& dir) {
  return fs::is_regular_file(dir / "configure.ac") && fs::is_directory(dir / "runtest") &&
         fs::is_directory(dir / "testcases");
}

// A hash over every file of the tree but .git: relative path, type and content.
std::string tree_identity(const fs::path& root) {
  std::vector<std::string> lines;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (; it != end; it.increment(ec)) {
    if (ec) throw kc::usage_error(fmt::format("cannot read the LTP tree {}: {}", root.string(), ec.message()));
    const fs::path& p = it->path();
    std::string rel = p.lexically_relative(root).generic_string();
    if (it->is_directory() && p.filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink()) lines.push_back("l " + rel + " " + fs::read_symlink(p).string());
    else if (it->is_regular_file()) lines.push_back("f " + rel + " " + kc::sha256_file(p));
  }
  std::sort(lines.begin(), lines.end());
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  return kc::sha256_hex(all);
}

void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& e : fs::directory_iterator(from)) {
    if (e.path().filename() == ".git") continue;
    fs::copy(e.path(), to / e.path().filename(),
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  }
}

}  // namespace

LtpSource resolve_ltp_source(const std::string& location, const LtpRelease& release, const fs::path& download_cache) {
  LtpSource s;
  const std::string where = location.empty() ? release.url : location;
  const std::string plain = where.starts_with("file://") ? where.substr(7) : where;
  if (!kc::is_url(where) && fs::is_directory(plain)) {
    s.tree = fs::absolute(plain);
    if (!is_ltp_root(s.tree))
      throw kc::usage_error(fmt::format("LTP_SOURCE={}: not an LTP source tree (it needs configure.ac, runtest/ "
                                        "and testcases/ at its top)",
                                        location));
    s.description = "LTP tree " + s.tree.string();
    s.identity = tree_identity(s.tree);
    return s;
  }
  kc::DownloadOptions o;
  o.cache_dir = download_cache;
  // The release's tarball is the release wherever it comes from.
  if (base_name(where) == release.file_name()) o.expected_sha256 = release.sha256;
  try {
    s.tarball = kc::fetch_cached(where, o);
  } catch (const kc::Error& e) {
    std::string what = e.what();
    if (what.starts_with("sha256 mismatch"))
      throw kc::infra_error(fmt::format("LTP source {} is not LTP release {} ({}): {}; download it again from {}",
                                        where, release.version, release.file.string(), what, release.url));
    if (e.kind() == kc::ErrorKind::Usage)
      throw kc::usage_error(fmt::format("LTP_SOURCE={}: no such file or folder", location));
    throw kc::infra_error(fmt::format("cannot download the LTP source: {}", what));
  }
  s.description = location.empty() ? fmt::format("LTP release {} ({})", release.version, release.url)
                                   : "LTP source " + location;
  s.identity = o.expected_sha256 ? *o.expected_sha256 : kc::sha256_file(s.tarball);
  return s;
}

fs::path unpack_ltp_source(const LtpSource& source, const fs::path& dest) {
  if (!source.tree.empty()) {
    copy_tree(source.tree, dest / "ltp");
    return dest / "ltp";
  }
  const fs::path unpacked = dest / "unpacked";
  try {
    kc::extract_archive(source.tarball, unpacked);
  } catch (const kc::Error& e) {
    throw kc::usage_error(fmt::format("{} cannot be unpacked ({}); give an LTP source tarball or tree", 
                                      source.description, e.what()));
  }
  if (is_ltp_root(unpacked)) return unpacked;
  // Release tarballs hold one top folder (ltp-20260529/, ltp-full-20260529/).
  for (const auto& e : fs::directory_iterator(unpacked))
    if (e.is_directory() && is_ltp_root(e.path())) return e.path();
  throw kc::usage_error(fmt::format("{} is not an LTP source: no folder in it has configure.ac, runtest/ and "
                                    "testcases/",
                                    source.description));
}

std::string source_version(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_regular_file(root / "VERSION", ec)) return "unknown";
  std::string v = kc::read_file(root / "VERSION");
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r' || v.back() == ' ')) v.pop_back();
  return v.empty() ? "unknown" : v;
}

}  // namespace krun::ltp

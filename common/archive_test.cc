#include "common/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>

#include "common/archive_internal.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/process.h"

// Test items list only the fields they need.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() / ("kc-archive-test-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
};

// A hand-made entry for the archives the tests craft (including hostile ones).
struct Item {
  std::string path;
  std::string content;      // regular file content
  std::string symlink;      // non-empty: a symlink to this
  std::string hardlink;     // non-empty: a hard link to this path
  bool dir = false;
};

void write_tar(const fs::path& out, const std::vector<Item>& items) {
  struct archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_add_filter_gzip(a);
  ASSERT_EQ(archive_write_open_filename(a, out.c_str()), ARCHIVE_OK);
  for (const auto& it : items) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, it.path.c_str());
    archive_entry_set_mtime(e, 1700000000, 0);
    if (it.dir) {
      archive_entry_set_filetype(e, AE_IFDIR);
      archive_entry_set_perm(e, 0755);
    } else if (!it.symlink.empty()) {
      archive_entry_set_filetype(e, AE_IFLNK);
      archive_entry_set_perm(e, 0777);
      archive_entry_set_symlink(e, it.symlink.c_str());
    } else if (!it.hardlink.empty()) {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_entry_set_hardlink(e, it.hardlink.c_str());
      archive_entry_set_size(e, 0);
    } else {
      archive_entry_set_filetype(e, AE_IFREG);
      archive_entry_set_perm(e, 0644);
      archive_entry_set_size(e, static_cast<la_int64_t>(it.content.size()));
    }
    archive_write_header(a, e);
    if (!it.content.empty()) archive_write_data(a, it.content.data(), it.content.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

struct Seen {
  std::string path;
  int64_t uid, gid, mtime;
  mode_t type;
  std::string data;
};

std::vector<Seen> read_all(const fs::path& file) {
  std::vector<Seen> out;
  struct archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  EXPECT_EQ(archive_read_open_filename(a, file.c_str(), 65536), ARCHIVE_OK);
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    Seen s{archive_entry_pathname(e), archive_entry_uid(e), archive_entry_gid(e), archive_entry_mtime(e),
           archive_entry_filetype(e), ""};
    char buf[4096];
    la_ssize_t n;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0) s.data.append(buf, static_cast<size_t>(n));
    out.push_back(s);
  }
  archive_read_free(a);
  return out;
}

void make_tree(const fs::path& dir) {
  fs::create_directories(dir / "b" / "sub");
  kc::write_file_atomic(dir / "b" / "sub" / "z.txt", "zzz\n");
  kc::write_file_atomic(dir / "a.txt", "aaa\n");
  kc::write_file_atomic(dir / "c.bin", std::string(5000, '\x01'));
  fs::create_symlink("b/sub/z.txt", dir / "link");
}

}  // namespace

TEST(Archive, ParseCompression) {
  EXPECT_EQ(kc::parse_compression("xz"), kc::Compression::Xz);
  EXPECT_EQ(kc::parse_compression("gzip"), kc::Compression::Gzip);
  EXPECT_EQ(kc::parse_compression("gz"), kc::Compression::Gzip);
  EXPECT_EQ(kc::parse_compression("zstd"), kc::Compression::Zstd);
  EXPECT_EQ(kc::parse_compression("none"), kc::Compression::None);
  EXPECT_THROW(kc::parse_compression("rar"), kc::Error);
  EXPECT_EQ(kc::tar_suffix(kc::Compression::Xz), ".tar.xz");
  EXPECT_EQ(kc::tar_suffix(kc::Compression::None), ".tar");
  EXPECT_EQ(kc::compressed_suffix(kc::Compression::Xz), ".xz");
  EXPECT_EQ(kc::compressed_suffix(kc::Compression::Zstd), ".zst");
  EXPECT_EQ(kc::compressed_suffix(kc::Compression::None), "");
}

TEST(Archive, CompressFileRoundTripsEveryCompressionAndIsDeterministic) {
  Scratch s;
  // Over the 1 MiB read chunk, and not all one byte, so several writes happen.
  std::string content;
  for (long long i = 0; i < 300000; ++i) content += std::to_string(i * 7919 % 104729) + ",";
  kc::write_file_atomic(s.path / "vmlinux", content);
  const std::map<kc::Compression, std::string> magic = {{kc::Compression::Xz, "\xFD" "7zXZ"},
                                                        {kc::Compression::Gzip, "\x1F\x8B"},
                                                        {kc::Compression::Zstd, "\x28\xB5\x2F\xFD"},
                                                        {kc::Compression::None, content.substr(0, 4)}};
  for (const auto& [c, head] : magic) {
    fs::path out = s.path / ("vmlinux" + kc::compressed_suffix(c));
    if (c == kc::Compression::None) out = s.path / "copy";
    kc::compress_file(s.path / "vmlinux", out, c);
    std::string bytes = kc::read_file(out);
    EXPECT_EQ(bytes.substr(0, head.size()), head) << out;
    EXPECT_EQ(kc::decompress_file(out), content) << out;
    if (c != kc::Compression::None) EXPECT_LT(bytes.size(), content.size() / 2) << out;
    kc::compress_file(s.path / "vmlinux", s.path / "again", c);
    EXPECT_EQ(kc::read_file(s.path / "again"), bytes) << out;  // same input, same bytes
  }
  EXPECT_THROW(kc::compress_file(s.path / "missing", s.path / "x.xz", kc::Compression::Xz), kc::Error);
  // A stream cut short is an error naming the file, never a short result.
  std::string xz = kc::read_file(s.path / "vmlinux.xz");
  kc::write_file_atomic(s.path / "cut.xz", xz.substr(0, xz.size() / 2));
  try {
    kc::decompress_file(s.path / "cut.xz");
    ADD_FAILURE() << "a truncated .xz decompressed";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("cut.xz"), std::string::npos) << e.what();
  }
}

TEST(Archive, TarIsDeterministicSortedRootOwnedAndClamped) {
  Scratch s;
  make_tree(s.path / "tree");
  for (auto c : {kc::Compression::Xz, kc::Compression::Gzip, kc::Compression::Zstd}) {
    kc::TarOptions o;
    o.compression = c;
    o.clamp_mtime = 1000;
    kc::create_tar_from_dir(s.path / "tree", s.path / "one", o);
    // Touch a file: a newer mtime is clamped, so the bytes do not change.
    sleep(1);
    kc::write_file_atomic(s.path / "tree" / "a.txt", "aaa\n");
    kc::create_tar_from_dir(s.path / "tree", s.path / "two", o);
    EXPECT_EQ(kc::read_file(s.path / "one"), kc::read_file(s.path / "two"));
  }
  kc::TarOptions o;
  o.clamp_mtime = 1000;
  o.prefix = "lib/modules/";
  kc::create_tar_from_dir(s.path / "tree", s.path / "p.tar.xz", o);
  auto seen = read_all(s.path / "p.tar.xz");
  std::vector<std::string> names;
  for (auto& e : seen) {
    names.push_back(e.path.back() == '/' ? e.path.substr(0, e.path.size() - 1) : e.path);
    EXPECT_EQ(e.uid, 0);
    EXPECT_EQ(e.gid, 0);
    EXPECT_EQ(e.mtime, 1000);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"lib/modules/a.txt", "lib/modules/b", "lib/modules/b/sub",
                                             "lib/modules/b/sub/z.txt", "lib/modules/c.bin", "lib/modules/link"}));
  EXPECT_EQ(seen[0].data, "aaa\n");
  EXPECT_EQ(seen[5].type, AE_IFLNK);
}

TEST(Archive, ExtractRoundTrip) {
  Scratch s;
  make_tree(s.path / "tree");
  kc::create_tar_from_dir(s.path / "tree", s.path / "t.tar.xz", {});
  kc::extract_archive(s.path / "t.tar.xz", s.path / "out");
  EXPECT_EQ(kc::read_file(s.path / "out" / "b" / "sub" / "z.txt"), "zzz\n");
  EXPECT_EQ(kc::read_file(s.path / "out" / "c.bin"), std::string(5000, '\x01'));
  EXPECT_EQ(fs::read_symlink(s.path / "out" / "link"), "b/sub/z.txt");
}

TEST(Archive, ExtractRefusesDotDot) {
  Scratch s;
  write_tar(s.path / "evil.tar.gz", {{"ok.txt", "ok"}, {"../escaped.txt", "bad"}});
  try {
    kc::extract_archive(s.path / "evil.tar.gz", s.path / "out");
    FAIL() << "'..' entry was extracted";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("evil.tar.gz"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("../escaped.txt"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(s.path / "escaped.txt"));
}

TEST(Archive, ExtractRefusesAbsolutePath) {
  Scratch s;
  write_tar(s.path / "evil.tar.gz", {{(s.path / "abs.txt").string(), "bad"}});
  EXPECT_THROW(kc::extract_archive(s.path / "evil.tar.gz", s.path / "out"), kc::Error);
  EXPECT_FALSE(fs::exists(s.path / "abs.txt"));
}

TEST(Archive, ExtractRefusesAbsoluteSymlinkAndWritingThroughIt) {
  Scratch s;
  fs::create_directories(s.path / "victim");
  write_tar(s.path / "evil.tar.gz", {{"link", "", (s.path / "victim").string()}, {"link/owned.txt", "bad"}});
  EXPECT_THROW(kc::extract_archive(s.path / "evil.tar.gz", s.path / "out"), kc::Error);
  EXPECT_FALSE(fs::exists(s.path / "victim" / "owned.txt"));
}

TEST(Archive, ExtractRefusesRelativeSymlinkLeavingDestination) {
  Scratch s;
  write_tar(s.path / "evil.tar.gz", {{"a/up", "", "../../victim"}});
  EXPECT_THROW(kc::extract_archive(s.path / "evil.tar.gz", s.path / "out"), kc::Error);
  // Chains: "x" -> "." is inside, but "x/y" -> ".." would then escape; writing through x is refused.
  write_tar(s.path / "chain.tar.gz", {{"x", "", "."}, {"x/y", "", ".."}, {"x/y/owned.txt", "bad"}});
  EXPECT_THROW(kc::extract_archive(s.path / "chain.tar.gz", s.path / "out2"), kc::Error);
  EXPECT_FALSE(fs::exists(s.path / "owned.txt"));
}

TEST(Archive, GuestRootKeepsAbsoluteSymlinksInside) {
  Scratch s;
  fs::path root = s.path / "root";
  // Like a usr-merged Debian: lib -> usr/lib, and an absolute link to "/".
  write_tar(s.path / "base.tar.gz", {{"usr/lib", "", "", "", true}, {"lib", "", "usr/lib"}, {"evil", "", "/"},
                                      {"ld.so", "", "/lib/ld-real.so"}});
  write_tar(s.path / "pkg.tar.gz", {{"./lib/", "", "", "", true}, {"./lib/ld-real.so", "ELF"},
                                     {"./evil/etc/passwd", "root"}});
  kc::ExtractOptions o;
  o.guest_root = true;
  kc::extract_archive(s.path / "base.tar.gz", root, o);
  kc::extract_archive(s.path / "pkg.tar.gz", root, o);
  EXPECT_TRUE(fs::is_symlink(root / "lib"));
  EXPECT_EQ(kc::read_file(root / "usr" / "lib" / "ld-real.so"), "ELF");
  EXPECT_EQ(kc::read_file(root / "etc" / "passwd"), "root");
  EXPECT_EQ(fs::read_symlink(root / "ld.so"), "/lib/ld-real.so");
}

TEST(Archive, OnlyPrefixTakesOneMember) {
  Scratch s;
  write_tar(s.path / "d.tar.gz", {{"debian-binary", "2.0\n"}, {"data.tar.xz", "DATA"}});
  kc::ExtractOptions o;
  o.only_prefix = "data.tar";
  kc::extract_archive(s.path / "d.tar.gz", s.path / "out", o);
  EXPECT_EQ(kc::read_file(s.path / "out" / "data.tar.xz"), "DATA");
  EXPECT_FALSE(fs::exists(s.path / "out" / "debian-binary"));
}

TEST(Archive, CorruptArchiveIsUsageErrorNamingIt) {
  Scratch s;
  make_tree(s.path / "tree");
  kc::create_tar_from_dir(s.path / "tree", s.path / "t.tar.xz", {});
  std::string bytes = kc::read_file(s.path / "t.tar.xz");
  kc::write_file_atomic(s.path / "cut.tar.xz", bytes.substr(0, bytes.size() / 2));
  try {
    kc::list_archive(s.path / "cut.tar.xz");
    FAIL() << "a truncated archive was listed";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("cut.tar.xz"), std::string::npos);
  }
  kc::write_file_atomic(s.path / "junk.tar.xz", "this is not an archive at all");
  EXPECT_THROW(kc::list_archive(s.path / "junk.tar.xz"), kc::Error);
  EXPECT_THROW(kc::extract_archive(s.path / "junk.tar.xz", s.path / "o"), kc::Error);
}

// libarchive gives no message for some truncations; that must still be an
// error naming the file, never a null string in a std::string (a crash).
TEST(Archive, TruncatedAtAnyPointIsAnErrorNotACrash) {
  Scratch s;
  make_tree(s.path / "tree");
  for (auto [ext, c] : {std::pair{"t.tar.gz", kc::Compression::Gzip}, std::pair{"t.tar.xz", kc::Compression::Xz},
                        std::pair{"t.tar.zst", kc::Compression::Zstd}}) {
    kc::TarOptions o;
    o.compression = c;
    kc::create_tar_from_dir(s.path / "tree", s.path / ext, o);
    std::string bytes = kc::read_file(s.path / ext);
    for (size_t keep : {size_t(1), size_t(10), bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
      fs::path cut = s.path / (std::to_string(keep) + "-" + ext);
      kc::write_file_atomic(cut, bytes.substr(0, keep));
      auto expect_error = [&](const char* what, auto&& op) {
        try {
          op();
          ADD_FAILURE() << what << " accepted " << cut << " cut at " << keep << " of " << bytes.size();
        } catch (const kc::Error& e) {
          EXPECT_NE(std::string(e.what()).find(cut.filename().string()), std::string::npos) << e.what();
        }
      };
      expect_error("list", [&] { kc::list_archive(cut); });
      expect_error("extract", [&] { kc::extract_archive(cut, s.path / "out"); });
      expect_error("convert", [&] { kc::convert_to_cpio(cut, s.path / "out.cpio", {}); });
    }
  }
  // The message when libarchive has none.
  struct archive* a = archive_read_new();
  EXPECT_FALSE(kc::archive_detail::error_text(a).empty());
  archive_read_free(a);
}

TEST(Archive, CpioFromDirIsDeterministicNewc) {
  Scratch s;
  make_tree(s.path / "tree");
  kc::CpioOptions o;
  o.clamp_mtime = 1000;
  kc::create_cpio_from_dir(s.path / "tree", s.path / "one.cpio.gz", o);
  kc::create_cpio_from_dir(s.path / "tree", s.path / "two.cpio.gz", o);
  EXPECT_EQ(kc::read_file(s.path / "one.cpio.gz"), kc::read_file(s.path / "two.cpio.gz"));
  o.compression = kc::Compression::None;
  kc::create_cpio_from_dir(s.path / "tree", s.path / "plain.cpio", o);
  EXPECT_EQ(kc::read_file(s.path / "plain.cpio").substr(0, 6), "070701");  // newc magic
  auto seen = read_all(s.path / "one.cpio.gz");
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[3].path, "b/sub/z.txt");
  EXPECT_EQ(seen[3].data, "zzz\n");
}

TEST(Archive, ConvertTarToCpioAddsParentFolders) {
  Scratch s;
  write_tar(s.path / "modules.tar.gz", {{"./lib/modules/6.1.0/kernel/foo.ko", "MODULE"},
                                         {"./lib/modules/6.1.0/modules.dep", "kernel/foo.ko:\n"},
                                         {"./lib/modules/6.1.0/hard.ko", "", "", "./lib/modules/6.1.0/kernel/foo.ko"}});
  kc::CpioOptions o;
  kc::convert_to_cpio(s.path / "modules.tar.gz", s.path / "m.cpio.gz", o);
  auto seen = read_all(s.path / "m.cpio.gz");
  std::vector<std::string> names;
  std::map<std::string, std::string> data;
  for (auto& e : seen) {
    names.push_back(e.path);
    data[e.path] = e.data;
    EXPECT_EQ(e.uid, 0);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"lib", "lib/modules", "lib/modules/6.1.0", "lib/modules/6.1.0/kernel",
                                             "lib/modules/6.1.0/kernel/foo.ko", "lib/modules/6.1.0/modules.dep",
                                             "lib/modules/6.1.0/hard.ko"}));
  EXPECT_EQ(data["lib/modules/6.1.0/kernel/foo.ko"], "MODULE");
  EXPECT_EQ(data["lib/modules/6.1.0/hard.ko"], "MODULE");
}

// A merged-/usr rootfs has lib -> usr/lib; the kernel would replace that link
// with an empty folder if the modules segment carried a "lib" folder entry.
TEST(Archive, ConvertGoesThroughTheBaseRootfsSymlinks) {
  Scratch s;
  write_tar(s.path / "base.tar.gz", {{"usr/lib/libc.so.6", "ELF"}, {"lib", "", "usr/lib"}, {"bin", "", "usr/bin"}});
  EXPECT_EQ(kc::archive_symlinks(s.path / "base.tar.gz"), (std::set<std::string>{"bin", "lib"}));
  write_tar(s.path / "modules.tar.gz", {{"./lib/", "", "", "", true}, {"./lib/modules/6.1.0/kernel/foo.ko", "MODULE"}});
  kc::CpioOptions o;
  o.through_symlinks = kc::archive_symlinks(s.path / "base.tar.gz");
  kc::convert_to_cpio(s.path / "modules.tar.gz", s.path / "m.cpio.gz", o);
  std::vector<std::string> names;
  for (auto& e : read_all(s.path / "m.cpio.gz")) names.push_back(e.path);
  EXPECT_EQ(names, (std::vector<std::string>{"lib/modules", "lib/modules/6.1.0", "lib/modules/6.1.0/kernel",
                                             "lib/modules/6.1.0/kernel/foo.ko"}));
}

TEST(Archive, ConvertWithPrefixAndRefusingEscapes) {
  Scratch s;
  write_tar(s.path / "ov.tar.gz", {{"bin/tool", "#!/bin/sh\n"}});
  kc::CpioOptions o;
  o.prefix = "/opt/x";
  kc::convert_to_cpio(s.path / "ov.tar.gz", s.path / "ov.cpio.gz", o);
  auto seen = read_all(s.path / "ov.cpio.gz");
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].path, "opt");
  EXPECT_EQ(seen[3].path, "opt/x/bin/tool");
  write_tar(s.path / "evil.tar.gz", {{"etc/link", "", "/etc/shadow"}});
  EXPECT_THROW(kc::convert_to_cpio(s.path / "evil.tar.gz", s.path / "e.cpio", o), kc::Error);
  write_tar(s.path / "evil2.tar.gz", {{"../x", "bad"}});
  EXPECT_THROW(kc::convert_to_cpio(s.path / "evil2.tar.gz", s.path / "e2.cpio", o), kc::Error);
}

namespace {

// A GNU tar of one sparse file: `size` bytes, all hole but "end" at the end.
// The archive is a few KB whatever the size.
void write_sparse_tar(const fs::path& dir, const fs::path& out, uint64_t size) {
  fs::create_directories(dir);
  {
    std::ofstream f(dir / "sparse.img", std::ios::binary);
  }
  fs::resize_file(dir / "sparse.img", size - 3);
  std::ofstream(dir / "sparse.img", std::ios::binary | std::ios::app) << "end";
  kc::ProcessOptions p;
  p.argv = {"tar", "--sparse", "-czf", out.string(), "-C", dir.string(), "sparse.img"};
  ASSERT_TRUE(kc::run_process(p).ok());
  fs::remove(dir / "sparse.img");
}

struct EnvVar {
  std::string name;
  EnvVar(std::string n, const std::string& value) : name(std::move(n)) { setenv(name.c_str(), value.c_str(), 1); }
  ~EnvVar() { unsetenv(name.c_str()); }
};

}  // namespace

// A 50 GiB sparse file in a tarball of a few KB (as an --overlay) is refused
// from its header, before a byte is written or held in memory.
TEST(Archive, ASparseBombIsRefusedFromItsHeader) {
  Scratch s;
  write_sparse_tar(s.path / "src", s.path / "bomb.tar.gz", 50ull << 30);
  ASSERT_LT(fs::file_size(s.path / "bomb.tar.gz"), 100000u);
  for (int convert = 0; convert < 2; ++convert) {
    try {
      if (convert) kc::convert_to_cpio(s.path / "bomb.tar.gz", s.path / "bomb.cpio.gz", {});
      else kc::extract_archive(s.path / "bomb.tar.gz", s.path / "out");
      FAIL() << "the bomb was unpacked";
    } catch (const kc::Error& e) {
      std::string m = e.what();
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
      EXPECT_NE(m.find("bomb.tar.gz"), std::string::npos) << m;
      EXPECT_NE(m.find("sparse.img"), std::string::npos) << m;
      EXPECT_NE(m.find("50 GiB, a sparse file"), std::string::npos) << m;
      EXPECT_NE(m.find("KRUN_MAX_UNPACKED_SIZE"), std::string::npos) << m;
    }
  }
  EXPECT_FALSE(fs::exists(s.path / "out" / "sparse.img"));
}

// Under the cap a sparse file is converted with its holes as zeros (cpio has
// no holes), streamed rather than held whole.
TEST(Archive, ASparseFileUnderTheCapConvertsWithItsHolesAsZeros) {
  Scratch s;
  write_sparse_tar(s.path / "src", s.path / "sparse.tar.gz", 300000);
  kc::convert_to_cpio(s.path / "sparse.tar.gz", s.path / "sparse.cpio.gz", {});
  auto seen = read_all(s.path / "sparse.cpio.gz");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, std::string(300000 - 3, '\0') + "end");
}

TEST(Archive, TheUnpackedSizeCapIsRaisedOrLoweredByItsVariable) {
  Scratch s;
  write_tar(s.path / "t.tar.gz", {{"a", std::string(3000, 'a')}, {"b", std::string(3000, 'b')}});
  {
    EnvVar cap("KRUN_MAX_UNPACKED_SIZE", "5K");
    EXPECT_THROW(kc::extract_archive(s.path / "t.tar.gz", s.path / "x"), kc::Error);
    EXPECT_THROW(kc::convert_to_cpio(s.path / "t.tar.gz", s.path / "x.cpio", {}), kc::Error);
  }
  {
    EnvVar cap("KRUN_MAX_UNPACKED_SIZE", "6K");
    kc::extract_archive(s.path / "t.tar.gz", s.path / "y");
    EXPECT_EQ(fs::file_size(s.path / "y" / "b"), 3000u);
  }
  {
    EnvVar cap("KRUN_MAX_UNPACKED_SIZE", "lots");
    EXPECT_THROW(kc::extract_archive(s.path / "t.tar.gz", s.path / "z"), kc::Error);
  }
}

TEST(Archive, DecompressingStopsAtTheCap) {
  Scratch s;
  kc::write_file_atomic(s.path / "big", std::string(200000, 'x'));
  kc::compress_file(s.path / "big", s.path / "big.xz", kc::Compression::Xz);
  kc::decompress_to_file(s.path / "big.xz", s.path / "plain");
  EXPECT_EQ(fs::file_size(s.path / "plain"), 200000u);
  EnvVar cap("KRUN_MAX_UNPACKED_SIZE", "64K");
  EXPECT_THROW(kc::decompress_to_file(s.path / "big.xz", s.path / "plain2"), kc::Error);
  EXPECT_THROW(kc::decompress_file(s.path / "big.xz"), kc::Error);
}

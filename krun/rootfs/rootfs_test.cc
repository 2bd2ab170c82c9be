// prepare() against a local Debian mirror the test makes: a .deb built here,
// a Packages index, an InRelease signed with a key gpg generates (so the
// whole InRelease → Packages → .deb chain is exercised), served over HTTP.
#include "krun/rootfs/rootfs.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/process.h"
#include "common/sha256.h"
#include "tests/support/test_http_server.h"

namespace krun::rootfs {

namespace fs = std::filesystem;

namespace {

void write_ar_or_tar(const fs::path& out, bool ar, bool xz, const std::vector<std::pair<std::string, std::string>>& files) {
  struct archive* a = archive_write_new();
  if (ar) archive_write_set_format_ar_svr4(a);
  else archive_write_set_format_pax_restricted(a);
  if (xz) archive_write_add_filter_xz(a);
  archive_write_open_filename(a, out.c_str());
  for (const auto& [name, data] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0755);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

kc::ProcessResult run(std::vector<std::string> argv, const fs::path& home) {
  kc::ProcessOptions o;
  o.argv = std::move(argv);
  o.env["GNUPGHOME"] = home.string();
  o.timeout = std::chrono::seconds(120);
  return kc::run_process(o);
}

class LocalMirror : public ::testing::Test {
 protected:
  fs::path dir, mirror, cache, work, keyring;
  std::string deb_bytes;

  void SetUp() override {
    if (kc::find_program("gpg").empty() || kc::find_program("gpgv").empty()) {
      // CI installs gnupg (make deps): there a missing gpg is a failure, not a skip.
      const char* ci = getenv("CI");
      if (ci && std::string(ci) == "true") FAIL() << "gpg/gpgv not installed (make deps)";
      GTEST_SKIP() << "gpg/gpgv not installed";
    }
    dir = fs::temp_directory_path() / ("krun-rootfs-test-" + std::to_string(getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    mirror = dir / "mirror";
    cache = dir / "cache";
    work = dir / "work";
    // Data folder: the real recipes and init from the source tree.
    fs::create_directories(dir / "data");
    fs::create_directory_symlink(fs::path(KPROJECT_SOURCE_DIR) / "rootfs", dir / "data" / "rootfs");
    setenv("KRUN_DATA_DIR", (dir / "data").c_str(), 1);
    // A .deb whose "busybox" is a marker file.
    fs::path data_tar = dir / "data.tar.xz";
    write_ar_or_tar(data_tar, false, true, {{"./bin/busybox", "FAKE-BUSYBOX"}});
    write_ar_or_tar(dir / "control.tar.xz", false, true, {{"./control", "Package: busybox-static\n"}});
    fs::path deb = mirror / "pool/main/b/busybox-static_1_amd64.deb";
    fs::create_directories(deb.parent_path());
    write_ar_or_tar(deb, true, false, {{"debian-binary", "2.0\n"}, {"control.tar.xz", kc::read_file(dir / "control.tar.xz")},
                                       {"data.tar.xz", kc::read_file(data_tar)}});
    deb_bytes = kc::read_file(deb);
    publish(kc::sha256_hex(deb_bytes));
  }

  void TearDown() override {
    unsetenv("KRUN_DATA_DIR");
    if (dir.empty()) return;
    // gpg leaves an agent behind that deletes its own sockets while we
    // remove the folder: stop it first, and tolerate what vanishes meanwhile.
    run({"gpgconf", "--kill", "all"}, dir / "gnupg");
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // Writes Packages.xz (listing `deb_sha`) and a signed InRelease.
  void publish(const std::string& deb_sha) {
    std::string packages = "Package: busybox-static\nVersion: 1\nArchitecture: amd64\nFilename: "
                           "pool/main/b/busybox-static_1_amd64.deb\nSize: " + std::to_string(deb_bytes.size()) +
                           "\nSHA256: " + deb_sha + "\n\n";
    fs::path pk = mirror / "dists/bookworm/main/binary-amd64/Packages";
    fs::create_directories(pk.parent_path());
    kc::write_file_atomic(pk, packages);
    fs::remove(pk.string() + ".xz");
    ASSERT_TRUE(run({"xz", "-k", pk.string()}, dir).ok());
    std::string xz = kc::read_file(pk.string() + ".xz");
    std::string release = "Origin: Test\nSuite: bookworm\nSHA256:\n " + kc::sha256_hex(xz) + " " +
                          std::to_string(xz.size()) + " main/binary-amd64/Packages.xz\n";
    sign(release);
  }

  void sign(const std::string& release) {
    fs::path home = dir / "gnupg";
    if (!fs::exists(home)) {
      fs::create_directories(home);
      fs::permissions(home, fs::perms::owner_all);
      ASSERT_TRUE(run({"gpg", "--batch", "--passphrase", "", "--quick-gen-key", "krun-test@example.org", "default",
                       "default", "never"}, home).ok());
      keyring = dir / "keyring.gpg";
      ASSERT_TRUE(run({"gpg", "--batch", "--output", keyring.string(), "--export"}, home).ok());
    }
    kc::write_file_atomic(dir / "Release", release);
    fs::path inrelease = mirror / "dists/bookworm/InRelease";
    fs::remove(inrelease);
    auto r = run({"gpg", "--batch", "--clearsign", "--output", inrelease.string(), (dir / "Release").string()}, home);
    ASSERT_TRUE(r.ok()) << r.err;
  }

  Request request(const std::string& url) {
    Request r;
    r.debian_arch = "amd64";
    r.mirror = url;
    r.keyring = keyring;
    r.cache_dir = cache;
    r.work_dir = work;
    return r;
  }

  static std::vector<std::string> names(const fs::path& a) {
    std::vector<std::string> n = kc::list_archive(a);
    return n;
  }
};

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_F(LocalMirror, BuildsVerifiedInitramfsAndCachesIt) {
  kc::TestHttpServer server(mirror);
  Request req = request(server.url());
  req.extra_files["/krun/tests/001-x.sh"] = "true\n";
  Prepared p = prepare(req);
  EXPECT_EQ(p.format, "initrd");
  fs::path tree = dir / "unpacked";
  kc::ExtractOptions o;
  o.guest_root = true;
  kc::extract_archive(p.path, tree, o);
  EXPECT_EQ(kc::read_file(tree / "bin/busybox"), "FAKE-BUSYBOX");
  EXPECT_EQ(fs::read_symlink(tree / "usr/bin/modprobe"), "busybox");
  EXPECT_EQ(kc::read_file(tree / "init"), kc::read_file(fs::path(KPROJECT_SOURCE_DIR) / "rootfs/init"));
  // The /krun files are an appended segment (libarchive, like cpio(1), stops
  // at the first trailer; the kernel reads every segment).
  EXPECT_TRUE(contains(names(work / "segments/segment-extra-files.cpio.gz"), "krun/tests/001-x.sh"));
  bool cached = false;
  std::string base = kc::read_file(default_initramfs(req, &cached));
  std::string all = kc::read_file(p.path);
  EXPECT_EQ(all, base + kc::read_file(work / "segments/segment-extra-files.cpio.gz"));
  // Second run: no request reaches the mirror.
  int before = server.requests();
  bool from_cache = false;
  default_initramfs(req, &from_cache);
  EXPECT_TRUE(from_cache);
  EXPECT_EQ(server.requests(), before);
}

TEST_F(LocalMirror, WrongDebHashIsRejectedAndNotCached) {
  publish(kc::sha256_hex("not the deb"));
  kc::TestHttpServer server(mirror);
  try {
    prepare(request(server.url()));
    FAIL() << "a .deb with a wrong hash was used";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("busybox-static_1_amd64.deb"), std::string::npos) << e.what();
  }
  for (auto& f : fs::recursive_directory_iterator(cache))
    EXPECT_NE(f.path().extension(), ".deb") << f.path();
  EXPECT_FALSE(fs::exists(cache / "rootfs/built/amd64-minimal.json"));
}

TEST_F(LocalMirror, WrongIndexHashIsRejected) {
  kc::write_file_atomic(mirror / "dists/bookworm/main/binary-amd64/Packages.xz", "tampered");
  kc::TestHttpServer server(mirror);
  try {
    prepare(request(server.url()));
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("Packages.xz"), std::string::npos) << e.what();
  }
}

TEST_F(LocalMirror, BadSignatureIsRejected) {
  std::string text = kc::read_file(mirror / "dists/bookworm/InRelease");
  auto pos = text.find("Origin: Test");
  text.replace(pos, 12, "Origin: Evil");
  kc::write_file_atomic(mirror / "dists/bookworm/InRelease", text);
  kc::TestHttpServer server(mirror);
  try {
    prepare(request(server.url()));
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("signature"), std::string::npos) << e.what();
  }
}

TEST_F(LocalMirror, UnreachableMirrorUsesCacheOrFailsClearly) {
  std::string url;
  {
    kc::TestHttpServer server(mirror);
    url = server.url();
  }
  Request req = request(url);
  try {
    prepare(req);
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find("no cached copy"), std::string::npos) << e.what();
  }
  {
    kc::TestHttpServer server(mirror);
    req.mirror = server.url();
    prepare(req);
  }
  req.refresh = true;  // force asking the (now gone) mirror
  Prepared p = prepare(req);
  EXPECT_TRUE(fs::exists(p.path));
}

TEST_F(LocalMirror, ModulesAndOverlaysAreInjectedAndEscapesRefused) {
  kc::TestHttpServer server(mirror);
  Request req = request(server.url());
  fs::path mods = dir / "modules.tar.xz";
  write_ar_or_tar(mods, false, true, {{"lib/modules/6.1.0/kernel/x.ko", "KO"}});
  req.modules = mods;
  fs::path ov = dir / "ov.tar.xz";
  write_ar_or_tar(ov, false, true, {{"tool", "T"}});
  req.overlays = {ov.string() + ":/opt/x"};
  Prepared p = prepare(req);
  EXPECT_TRUE(contains(names(work / "segments/segment-modules.cpio.gz"), "lib/modules/6.1.0/kernel/x.ko"));
  EXPECT_TRUE(contains(names(work / "segments/segment-overlay-1.cpio.gz"), "opt/x/tool"));
  // Appended in order after the base, each starting 4-byte aligned.
  std::string all = kc::read_file(p.path);
  std::string modules_segment = kc::read_file(work / "segments/segment-modules.cpio.gz");
  std::string overlay_segment = kc::read_file(work / "segments/segment-overlay-1.cpio.gz");
  size_t at_modules = all.find(modules_segment), at_overlay = all.find(overlay_segment);
  ASSERT_NE(at_modules, std::string::npos);
  ASSERT_NE(at_overlay, std::string::npos);
  EXPECT_GT(at_modules, 0u);
  EXPECT_EQ(at_modules % 4, 0u);
  EXPECT_EQ(at_overlay % 4, 0u);
  EXPECT_GE(at_overlay, at_modules + modules_segment.size());
  EXPECT_EQ(all.size(), at_overlay + overlay_segment.size());
  // ext4: rebuilt with the same content.
  req.format = "ext4";
  req.work_dir = dir / "work-ext4";
  Prepared e = prepare(req);
  EXPECT_EQ(e.format, "ext4");
  kc::ProcessOptions o;
  o.argv = {"debugfs", "-R", "cat /lib/modules/6.1.0/kernel/x.ko", e.path.string()};
  auto r = kc::run_process(o);
  EXPECT_EQ(r.out, "KO");
  // Wrong layout, corrupt archive, escaping overlay: refused before anything is built.
  write_ar_or_tar(dir / "bad.tar.xz", false, true, {{"x.ko", "KO"}});
  req.modules = dir / "bad.tar.xz";
  EXPECT_THROW(prepare(req), kc::Error);
  kc::write_file_atomic(dir / "corrupt.tar.xz", "garbage");
  req.modules = dir / "corrupt.tar.xz";
  EXPECT_THROW(prepare(req), kc::Error);
  req.modules.clear();
  req.overlays = {ov.string() + ":/../etc"};
  EXPECT_THROW(prepare(req), kc::Error);
}

// A given ext4 image, in a folder whose name has a space: read back whole
// when an overlay makes krun rebuild it; a truncated one is an input error
// before any boot.
TEST(RootfsGiven, Ext4ImagesAreReadWholeAndTruncatedOnesRefused) {
  fs::path dir = fs::temp_directory_path() / ("krun rootfs given " + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "tree/etc");
  kc::write_file_atomic(dir / "tree/etc/hello", "hi\n");
  kc::write_file_atomic(dir / "tree/init", "#!/bin/sh\n");
  kc::ProcessOptions mk;
  mk.argv = {"mke2fs", "-q", "-F", "-t", "ext4", "-d", (dir / "tree").string(), (dir / "given.ext4").string(), "8m"};
  ASSERT_TRUE(kc::run_process(mk).ok());
  fs::path ov = dir / "ov.tar.xz";
  write_ar_or_tar(ov, false, true, {{"tool", "T"}});
  Request req;
  req.debian_arch = "amd64";
  req.given = (dir / "given.ext4").string();
  req.format = "ext4";
  req.overlays = {ov.string() + ":/opt"};
  req.cache_dir = dir / "cache";
  req.work_dir = dir / "work dir";
  Prepared p = prepare(req);
  for (const char* file : {"/etc/hello", "/opt/tool"}) {
    kc::ProcessOptions o;
    o.argv = {"debugfs", "-R", std::string("cat ") + file, p.path.string()};
    EXPECT_FALSE(kc::run_process(o).out.empty()) << file << " is missing from the rebuilt image";
  }
  std::string bytes = kc::read_file(dir / "given.ext4");
  kc::write_file_atomic(dir / "cut.ext4", bytes.substr(0, bytes.size() / 3));
  req.given = (dir / "cut.ext4").string();
  req.overlays.clear();
  try {
    prepare(req);
    ADD_FAILURE() << "a truncated image was accepted";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("truncated ext4 image"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(RootfsRecipes, UnknownArchAndFlavorAreUsageErrors) {
  setenv("KRUN_DATA_DIR", (fs::temp_directory_path() / ("krun-data-" + std::to_string(getpid()))).c_str(), 1);
  fs::create_directories(fs::path(getenv("KRUN_DATA_DIR")));
  fs::remove(fs::path(getenv("KRUN_DATA_DIR")) / "rootfs");
  fs::create_directory_symlink(fs::path(KPROJECT_SOURCE_DIR) / "rootfs", fs::path(getenv("KRUN_DATA_DIR")) / "rootfs");
  Request r;
  r.debian_arch = "vax";
  r.work_dir = fs::temp_directory_path() / "krun-unused";
  r.cache_dir = r.work_dir;
  try {
    prepare(r);
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("vax"), std::string::npos);
  }
  // A debian-ports arch: the error says why there is no default and what to do.
  r.debian_arch = "sh4";
  try {
    prepare(r);
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("debian-ports"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--rootfs"), std::string::npos) << e.what();
  }
  // An arch Debian builds nowhere: the error says so, with what it is.
  r.debian_arch = "mips";
  try {
    prepare(r);
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("big-endian 32-bit MIPS"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--rootfs"), std::string::npos) << e.what();
  }
  r.debian_arch = "amd64";
  r.flavor = "huge";
  EXPECT_THROW(prepare(r), kc::Error);
  fs::remove_all(fs::path(getenv("KRUN_DATA_DIR")));
  fs::remove_all(r.work_dir);
  unsetenv("KRUN_DATA_DIR");
}

}  // namespace krun::rootfs

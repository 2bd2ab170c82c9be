#include "common/download.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <thread>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/signals.h"
#include "tests/support/test_http_server.h"

namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() / ("kc-download-test-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
};

// Every regular file under `dir` (the cache must hold no half-written files).
std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(e.path());
  return out;
}

kc::TestHttpServer::Handler one_file(const std::string& body, int* conditional_hits = nullptr) {
  return [body, conditional_hits](const std::string& path, const std::map<std::string, std::string>& h) {
    kc::TestHttpServer::Response r;
    if (path == "/missing") return kc::TestHttpServer::Response{404, "no\n", {}};
    if (path == "/cut") {
      r.body = body;
      r.cut_after = body.size() / 2;
      return r;
    }
    r.headers["ETag"] = "\"v1\"";
    if (h.count("if-none-match") && h.at("if-none-match") == "\"v1\"") {
      if (conditional_hits) ++*conditional_hits;
      r.status = 304;
      return r;
    }
    r.body = body;
    return r;
  };
}

}  // namespace

TEST(Download, IsUrl) {
  EXPECT_TRUE(kc::is_url("http://x/y"));
  EXPECT_TRUE(kc::is_url("https://x/y"));
  EXPECT_TRUE(kc::is_url("file:///tmp/x"));
  EXPECT_FALSE(kc::is_url("/tmp/x"));
  EXPECT_FALSE(kc::is_url("ftp.example.org/x"));
}

TEST(Download, FetchTextReturnsBody) {
  kc::TestHttpServer server(one_file("hello world\n"));
  EXPECT_EQ(kc::fetch_text(server.url() + "/file.txt"), "hello world\n");
}

// A body read into memory stops at its cap; the message says what to do.
TEST(Download, FetchTextStopsAtItsCap) {
  kc::TestHttpServer server(one_file(std::string(3000, 'k')));
  setenv("KBUILD_MAX_TEXT_DOWNLOAD", "2K", 1);
  try {
    kc::fetch_text(server.url() + "/file.txt");
    ADD_FAILURE() << "the body past the cap was read";
  } catch (const kc::Error& e) {
    std::string m = e.what();
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(m.find("/file.txt is larger than 2 KiB"), std::string::npos) << m;
    EXPECT_NE(m.find("KBUILD_MAX_TEXT_DOWNLOAD"), std::string::npos) << m;
  }
  setenv("KBUILD_MAX_TEXT_DOWNLOAD", "3K", 1);
  EXPECT_EQ(kc::fetch_text(server.url() + "/file.txt").size(), 3000u);
  unsetenv("KBUILD_MAX_TEXT_DOWNLOAD");
}

TEST(Download, NotFoundIsInfrastructureErrorNamingUrlAndStatus) {
  kc::TestHttpServer server(one_file("x"));
  try {
    kc::fetch_text(server.url() + "/missing");
    FAIL() << "no error for a 404";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find("/missing"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("404"), std::string::npos) << e.what();
  }
}

TEST(Download, NotFoundLeavesNoCacheEntry) {
  Scratch s;
  kc::TestHttpServer server(one_file("x"));
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  EXPECT_THROW(kc::fetch_cached(server.url() + "/missing", o), kc::Error);
  EXPECT_TRUE(files_under(o.cache_dir).empty());
}

TEST(Download, CutOffTransferLeavesNoCacheEntry) {
  Scratch s;
  kc::TestHttpServer server(one_file(std::string(100000, 'a')));
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  EXPECT_THROW(kc::fetch_cached(server.url() + "/cut", o), kc::Error);
  EXPECT_TRUE(files_under(o.cache_dir).empty());
}

TEST(Download, CutOffTransferLeavesNoDestinationFile) {
  Scratch s;
  kc::TestHttpServer server(one_file(std::string(100000, 'a')));
  EXPECT_THROW(kc::fetch_to_file(server.url() + "/cut", s.path / "out.bin"), kc::Error);
  EXPECT_FALSE(fs::exists(s.path / "out.bin"));
  EXPECT_TRUE(files_under(s.path).empty());
}

TEST(Download, FetchToFileWritesContent) {
  Scratch s;
  kc::TestHttpServer server(one_file("content\n"));
  kc::fetch_to_file(server.url() + "/f", s.path / "sub" / "out.txt");
  EXPECT_EQ(kc::read_file(s.path / "sub" / "out.txt"), "content\n");
}

TEST(Download, CachedCopyIsRevalidatedWithEtag) {
  Scratch s;
  int conditional = 0;
  kc::TestHttpServer server(one_file("payload\n", &conditional));
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  auto first = kc::fetch_cached_detailed(server.url() + "/a/file.bin", o);
  EXPECT_FALSE(first.from_cache);
  EXPECT_EQ(first.path.filename(), "file.bin");
  EXPECT_EQ(kc::read_file(first.path), "payload\n");
  auto second = kc::fetch_cached_detailed(server.url() + "/a/file.bin", o);
  EXPECT_TRUE(second.from_cache);
  EXPECT_FALSE(second.offline);
  EXPECT_EQ(conditional, 1);
  EXPECT_EQ(second.path, first.path);
}

TEST(Download, WithoutRevalidationNoRequestIsMade) {
  Scratch s;
  kc::TestHttpServer server(one_file("payload\n"));
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  kc::fetch_cached(server.url() + "/f", o);
  o.revalidate = false;
  int before = server.requests();
  EXPECT_TRUE(kc::fetch_cached_detailed(server.url() + "/f", o).from_cache);
  EXPECT_EQ(server.requests(), before);
}

TEST(Download, Sha256MismatchIsRejectedAndNotCached) {
  Scratch s;
  kc::TestHttpServer server(one_file("payload\n"));
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  o.expected_sha256 = kc::sha256_hex("something else");
  try {
    kc::fetch_cached(server.url() + "/f.deb", o);
    FAIL() << "a wrong hash was accepted";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("f.deb"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("sha256"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(files_under(o.cache_dir).empty());
}

TEST(Download, MatchingSha256IsServedFromCacheWithoutNetwork) {
  Scratch s;
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  o.expected_sha256 = kc::sha256_hex("payload\n");
  std::string url;
  {
    kc::TestHttpServer server(one_file("payload\n"));
    url = server.url() + "/f.deb";
    EXPECT_FALSE(kc::fetch_cached_detailed(url, o).from_cache);
  }
  // The server is gone: a verified cached copy is enough.
  auto again = kc::fetch_cached_detailed(url, o);
  EXPECT_TRUE(again.from_cache);
  EXPECT_EQ(kc::read_file(again.path), "payload\n");
}

TEST(Download, UnreachableServerFallsBackToCachedCopy) {
  Scratch s;
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  std::string url;
  {
    kc::TestHttpServer server(one_file("payload\n"));
    url = server.url() + "/index";
    kc::fetch_cached(url, o);
  }
  auto r = kc::fetch_cached_detailed(url, o);
  EXPECT_TRUE(r.offline);
  EXPECT_EQ(kc::read_file(r.path), "payload\n");
}

TEST(Download, UnreachableServerWithoutCacheIsOneClearError) {
  Scratch s;
  std::string url;
  { kc::TestHttpServer server(one_file("x")); url = server.url() + "/index"; }
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  try {
    kc::fetch_cached(url, o);
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find(url), std::string::npos) << e.what();
  }
}

TEST(Download, LocalPathsAreReturnedAsIs) {
  Scratch s;
  kc::write_file_atomic(s.path / "k.bin", "x");
  kc::DownloadOptions o;
  EXPECT_EQ(kc::fetch_cached((s.path / "k.bin").string(), o), s.path / "k.bin");
  EXPECT_EQ(kc::fetch_cached("file://" + (s.path / "k.bin").string(), o), s.path / "k.bin");
  try {
    kc::fetch_cached((s.path / "nope").string(), o);
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
  }
}

TEST(Download, Sha256FragmentPinsTheFile) {
  Scratch s;
  kc::TestHttpServer server(one_file("pinned content\n"));
  std::string sha = kc::sha256_hex(std::string("pinned content\n"));
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  fs::path got = kc::fetch_cached(server.url() + "/file.txt#sha256=" + sha, o);
  EXPECT_EQ(kc::read_file(got), "pinned content\n");
  EXPECT_EQ(got, kc::cache_path_for(server.url() + "/file.txt", o.cache_dir)) << "the fragment is not part of the URL";
  std::string wrong(64, '0');
  try {
    kc::fetch_cached(server.url() + "/other.txt#sha256=" + wrong, o);
    FAIL() << "a wrong hash was accepted";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("sha256 mismatch"), std::string::npos) << e.what();
  }
  EXPECT_EQ(kc::fetch_text(server.url() + "/file.txt#sha256=" + sha), "pinned content\n");
  EXPECT_THROW(kc::fetch_text(server.url() + "/file.txt#sha256=" + wrong), kc::Error);
  // Local files too, and a malformed fragment is a usage error.
  kc::write_file_atomic(s.path / "local.bin", "pinned content\n");
  EXPECT_EQ(kc::fetch_cached((s.path / "local.bin").string() + "#sha256=" + sha, o), s.path / "local.bin");
  try {
    kc::fetch_cached(server.url() + "/file.txt#sha256=abc", o);
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
  }
}

TEST(Download, HttpsIsNeverRedirectedToHttp) {
  EXPECT_STREQ(kc::redirect_protocols_for("https://example.org/Image"), "https");
  EXPECT_STREQ(kc::redirect_protocols_for("http://example.org/Image"), "http,https");
}

// SIGINT while a server is slow to answer: the download stops at once with
// an error saying so, instead of running to its timeout.
TEST(Download, ASignalStopsATransferNow) {
  Scratch s;
  kc::TestHttpServer server([](const std::string&, const std::map<std::string, std::string>&) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    return kc::TestHttpServer::Response{200, "late\n", {}};
  });
  kc::signals::install();
  kc::signals::reset();
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(::getpid(), SIGINT);
  });
  kc::DownloadOptions o;
  o.cache_dir = s.path / "cache";
  auto start = std::chrono::steady_clock::now();
  try {
    kc::fetch_cached(server.url() + "/slow.bin", o);
    ADD_FAILURE() << "the download ran to its end";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("interrupted"), std::string::npos) << e.what();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  interrupter.join();
  kc::signals::reset();
  EXPECT_LT(seconds, 2.5);
  EXPECT_TRUE(files_under(s.path / "cache").empty()) << "nothing cached";
}

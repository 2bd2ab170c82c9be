#include "common/kcidb.h"

#include <gtest/gtest.h>

#include <regex>

#include "common/errors.h"
#include "tests/support/test_http_server.h"

namespace kc::kcidb {
namespace {

TEST(Kcidb, OriginsFollowKcidbsPattern) {
  EXPECT_NO_THROW(check_origin("my_lab2"));
  for (const char* bad : {"", "My-Lab", "lab:x", "lab one", "lab/x"}) {
    try {
      check_origin(bad, "--kcidb-origin");
      ADD_FAILURE() << bad;
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
      EXPECT_NE(std::string(e.what()).find("--kcidb-origin"), std::string::npos);
    }
  }
  EXPECT_EQ(make_id("lab", "build-1"), "lab:build-1");
}

TEST(Kcidb, UrlBasesAreUrls) {
  EXPECT_NO_THROW(check_url_base("--kcidb-url-base", ""));
  EXPECT_NO_THROW(check_url_base("--kcidb-url-base", "https://storage.example/build/1"));
  EXPECT_NO_THROW(check_options("lab", "k.json", "", "file:///srv/out"));
  EXPECT_THROW(check_options("lab", "k.json", "", "out/arm64"), kc::Error);
  try {
    check_url_base("--lava-url-base", "/srv/artifacts");
    ADD_FAILURE();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("--lava-url-base /srv/artifacts: not a URL"), std::string::npos) << e.what();
  }
}

TEST(Kcidb, TestPathsMapForbiddenCharacters) {
  EXPECT_EQ(test_path({"ltp-smoke", "fork01"}), "ltp-smoke.fork01");
  EXPECT_EQ(test_path({"commands", "uname -a"}), "commands.uname_-a");
  EXPECT_EQ(test_path({"kunit", "example", "test.param 1"}), "kunit.example.test_param_1");
  EXPECT_EQ(test_path({"kselftest-timers", ""}), "kselftest-timers._");
  std::regex kcidb_path(R"(^([a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*)?$)");
  EXPECT_TRUE(std::regex_match(test_path({"a/b:c", "d\te\xff"}), kcidb_path));
}

TEST(Kcidb, StatusesFromKrunResults) {
  EXPECT_EQ(test_status("pass", ""), "PASS");
  EXPECT_EQ(test_status("skip", "in skip list"), "SKIP");
  EXPECT_EQ(test_status("fail", "TFAIL"), "FAIL");
  EXPECT_EQ(test_status("fail", "not run: the guest stopped before this test"), "MISS");
  EXPECT_EQ(test_status("fail", "timed out after 60 s"), "ERROR");
}

TEST(Kcidb, UrlsAndTimes) {
  EXPECT_EQ(file_url("/out/dir with space/build.log"), "file:///out/dir%20with%20space/build.log");
  std::string t = iso_time(std::chrono::system_clock::time_point(std::chrono::microseconds(1764622806967000)));
  EXPECT_EQ(t, "2025-12-01T21:00:06.967000+00:00");
  auto r = report(nlohmann::json::array(), nlohmann::json::array({{{"id", "x:1"}}}), nlohmann::json::array());
  EXPECT_EQ(r["version"]["major"], 5);
  EXPECT_EQ(r["version"]["minor"], 3);
  EXPECT_FALSE(r.contains("checkouts"));
  EXPECT_EQ(r["builds"].size(), 1u);
}

TEST(Kcidb, SubmitRetriesAServerErrorAndSendsTheToken) {
  int calls = 0;
  std::string body, auth;
  TestHttpServer server([&](const std::string& path, const std::map<std::string, std::string>& h) {
    ++calls;
    EXPECT_EQ(path, "/submit");
    EXPECT_EQ(h.at(":method"), "POST");
    body = h.at(":body");
    auth = h.count("authorization") ? h.at("authorization") : "";
    return TestHttpServer::Response{calls == 1 ? 503 : 200, "ok", {}};
  });
  nlohmann::json r = report({}, nlohmann::json::array({{{"id", "x:1"}}}), {});
  submit(server.url() + "/submit", r, "s3cret");
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(nlohmann::json::parse(body), r);
  EXPECT_EQ(auth, "Bearer s3cret");
}

TEST(Kcidb, SubmitDoesNotRetryARefusal) {
  int calls = 0;
  TestHttpServer server([&](const std::string&, const std::map<std::string, std::string>&) {
    ++calls;
    return TestHttpServer::Response{403, "no", {}};
  });
  try {
    submit(server.url() + "/submit", report({}, {}, {}), "");
    FAIL() << "a 403 passed";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find("HTTP 403"), std::string::npos) << e.what();
  }
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace kc::kcidb

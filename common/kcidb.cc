#include "common/kcidb.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <thread>

#include "common/console.h"
#include "common/download.h"
#include "common/errors.h"
#include "common/json_file.h"

namespace kc::kcidb {

namespace {

bool path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

size_t discard(char*, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(size * n > 4096 ? 0 : size * n, ' ');
  return size * n;
}

}  // namespace

void check_origin(const std::string& origin, const std::string& option) {
  bool ok = !origin.empty();
  for (char c : origin) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok)
    throw kc::usage_error(fmt::format("{} {}: a KCIDB origin is lower-case letters, digits and '_' only "
                                      "(e.g. my_lab)",
                                      option, origin));
}

void check_url_base(const std::string& option, const std::string& base) {
  // A path here would end up in reports and jobs as a relative "URL" that
  // no reader or lab worker can resolve.
  if (!base.empty() && !kc::is_url(base))
    throw kc::usage_error(fmt::format("{} {}: not a URL; give http://, https:// or file:// and the folder the "
                                      "artifacts are published in", option, base));
}

void check_options(const std::string& origin, const std::string& file, const std::string& submit_url,
                   const std::string& url_base) {
  check_origin(origin);
  check_url_base("--kcidb-url-base", url_base);
  if (!submit_url.empty() && file.empty())
    throw kc::usage_error("--kcidb-submit sends the report --kcidb FILE writes; give --kcidb too");
  if (!submit_url.empty() && !submit_url.starts_with("http://") && !submit_url.starts_with("https://"))
    throw kc::usage_error("--kcidb-submit " + submit_url + ": expected an http(s) URL");
}

std::string make_id(const std::string& origin, const std::string& local) { return origin + ":" + local; }

std::string test_path(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    std::string node;
    for (char c : part) node += path_char(c) ? c : '_';
    if (node.empty()) node.push_back('_');
    out += (out.empty() ? "" : ".") + node;
  }
  return out;
}

std::string test_status(const std::string& result, const std::string& reason) {
  if (result == "pass") return "PASS";
  if (result == "skip") return "SKIP";
  if (reason.starts_with("not run")) return "MISS";
  if (reason.starts_with("timed out")) return "ERROR";
  return "FAIL";
}

std::string file_url(const std::filesystem::path& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : std::filesystem::absolute(path).lexically_normal().string()) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("/-._~+,=@").find(static_cast<char>(c)) != std::string_view::npos;
    if (plain) out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

std::string iso_time(std::chrono::system_clock::time_point t) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:06}+00:00", buf, us % 1000000);
}

nlohmann::json report(const nlohmann::json& checkouts, const nlohmann::json& builds, const nlohmann::json& tests) {
  nlohmann::json r = {{"version", {{"major", kMajor}, {"minor", kMinor}}}};
  if (!checkouts.empty()) r["checkouts"] = checkouts;
  if (!builds.empty()) r["builds"] = builds;
  if (!tests.empty()) r["tests"] = tests;
  return r;
}

void submit(const std::string& url, const nlohmann::json& report, const std::string& token) {
  const std::string body = report.dump();
  std::string last;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    CURL* curl = curl_easy_init();
    if (!curl) throw kc::infra_error("KCIDB submission: cannot start libcurl");
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    std::string auth = "Authorization: Bearer " + token;
    if (!token.empty()) headers = curl_slist_append(headers, auth.c_str());
    std::string answer;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (code == CURLE_OK && status >= 200 && status < 300) return;
    last = code != CURLE_OK ? (error[0] ? error : curl_easy_strerror(code)) : fmt::format("HTTP {}", status);
    bool retry = code != CURLE_OK || status >= 500;
    if (!retry) break;
    if (attempt < 3) {
      kc::console::warn("KCIDB submission to {} failed ({}); trying again", url, last);
      std::this_thread::sleep_for(std::chrono::seconds(attempt * 2));
    }
  }
  throw kc::infra_error(fmt::format("KCIDB submission to {} failed: {}; the report was written locally", url, last));
}

bool write_and_submit(const std::filesystem::path& file, const nlohmann::json& r, const std::string& submit_url) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  kc::write_json_atomic(file, r);
  if (submit_url.empty()) return true;
  const char* token = std::getenv("KCIDB_TOKEN");
  try {
    submit(submit_url, r, token ? token : "");
    kc::console::info("KCIDB report submitted to {}", submit_url);
    return true;
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return false;
  }
}

}  // namespace kc::kcidb

#include "common/download.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/console.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "common/signals.h"
#include "common/size_caps.h"
#include "common/text_lines.h"

namespace kc {

namespace fs = std::filesystem;

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  CURLcode code = CURLE_OK;
  long status = 0;              // 0 for file:// URLs
  std::string curl_error;
  std::string etag, last_modified;
  bool interrupted = false;     // stopped by SIGINT/SIGTERM
  bool network_failure() const {
    // The server could not be reached at all (as opposed to answering badly).
    return code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_CONNECT ||
           code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_OPERATION_TIMEDOUT ||
           code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR || code == CURLE_SSL_CONNECT_ERROR ||
           code == CURLE_GOT_NOTHING;
  }
  bool ok() const { return code == CURLE_OK && (status == 0 || (status >= 200 && status < 300)); }
  std::string describe(const std::string& url) const {
    if (code != CURLE_OK)
      return "download of " + url + " failed: " + (curl_error.empty() ? curl_easy_strerror(code) : curl_error);
    return "download of " + url + " failed: HTTP status " + std::to_string(status);
  }
};

struct Sink {
  FILE* file = nullptr;
  std::string* text = nullptr;
  uint64_t text_cap = 0;       // a body in memory stops here (caps::kTextDownload)
  bool over_cap = false;
};

size_t write_body(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t len = size * n;
  if (sink->text) {
    if (sink->text->size() + len > sink->text_cap) {
      sink->over_cap = true;
      return 0;  // curl ends the transfer with CURLE_WRITE_ERROR
    }
    sink->text->append(data, len);
    return len;
  }
  return std::fwrite(data, 1, len, sink->file);
}

size_t read_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name == "etag") t->etag = std::string(trim_blanks(line.substr(colon + 1)));
    if (name == "last-modified") t->last_modified = std::string(trim_blanks(line.substr(colon + 1)));
  } else if (line.rfind("HTTP/", 0) == 0) {
    // A new response (after a redirect): forget headers of the previous one.
    t->etag.clear();
    t->last_modified.clear();
  }
  return size * n;
}

// Called by libcurl about once a second and on every chunk: a non-zero
// return aborts the transfer, so SIGINT/SIGTERM stops a 600 s download now.
int stop_on_signal(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) { return signals::received() ? 1 : 0; }

// One GET. Body goes to `sink`; conditional headers when given.
Transfer perform(const std::string& url, Sink& sink, std::chrono::seconds timeout,
                 const std::string& if_none_match = {}, const std::string& if_modified_since = {}) {
  global_init();
  Transfer t;
  CURL* curl = curl_easy_init();
  if (!curl) {
    t.code = CURLE_FAILED_INIT;
    return t;
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  if (!if_none_match.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + if_none_match).c_str());
  if (!if_modified_since.empty())
    headers = curl_slist_append(headers, ("If-Modified-Since: " + if_modified_since).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, redirect_protocols_for(url));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "kproject/" KPROJECT_VERSION);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  // A stalled transfer (less than 1 byte/s for a minute) is a failure, not a hang.
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
  if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stop_on_signal);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  t.code = curl_easy_perform(curl);
  t.curl_error = errbuf;
  if (t.code == CURLE_ABORTED_BY_CALLBACK) {
    t.curl_error = "interrupted (signal " + std::to_string(signals::received()) + ")";
    t.interrupted = true;
  }
  if (t.code == CURLE_UNSUPPORTED_PROTOCOL && url.starts_with("https://"))
    t.curl_error = "the server redirected to a protocol other than https (" + t.curl_error +
                   "); refusing the downgrade";
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return t;
}

// A temporary file beside `dest` that is removed unless committed.
class TempFile {
 public:
  explicit TempFile(const fs::path& dest) : dest_(dest) {
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
    std::string tmpl = (dest.parent_path() / ("." + dest.filename().string() + ".part.XXXXXX")).string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) throw infra_error("cannot create a file in " + dest.parent_path().string() + ": " + std::strerror(errno));
    path_ = tmpl;
    file_ = fdopen(fd, "wb");
  }
  ~TempFile() {
    if (file_) std::fclose(file_);
    if (!committed_) ::unlink(path_.c_str());
  }
  FILE* file() { return file_; }
  const fs::path& path() const { return path_; }
  void close() {
    if (!file_) return;
    bool bad = std::fflush(file_) != 0 || fsync(fileno(file_)) != 0;
    bad = std::fclose(file_) != 0 || bad;
    file_ = nullptr;
    if (bad) throw infra_error("cannot write " + dest_.string() + ": " + std::strerror(errno));
  }
  void commit() {
    close();
    if (::rename(path_.c_str(), dest_.c_str()) != 0)
      throw infra_error("cannot write " + dest_.string() + ": " + std::strerror(errno));
    committed_ = true;
  }

 private:
  fs::path dest_, path_;
  FILE* file_ = nullptr;
  bool committed_ = false;
};

std::string url_basename(const std::string& url) {
  std::string s = url.substr(0, url.find_first_of("?#"));
  while (!s.empty() && s.back() == '/') s.pop_back();
  auto slash = s.rfind('/');
  std::string name = slash == std::string::npos ? s : s.substr(slash + 1);
  if (name.empty() || name.find("://") != std::string::npos || name.find(':') != std::string::npos) name = "download";
  return name;
}

fs::path meta_path(const fs::path& cached) { return cached.string() + ".meta.json"; }

void check_sha(const std::string& url, const fs::path& file, const std::optional<std::string>& expected) {
  if (!expected) return;
  std::string got = sha256_file(file);
  if (got != *expected)
    throw infra_error("sha256 mismatch for " + url + ": expected " + *expected + ", got " + got +
                      " (the file was not used or cached)");
}

}  // namespace

const char* redirect_protocols_for(std::string_view url) {
  // An https download never continues over plain http: that would undo
  // what https was asked for (a man in the middle could then serve anything).
  return url.starts_with("https://") ? "https" : "http,https";
}

Located split_sha256_fragment(const std::string& location) {
  Located out{location, std::nullopt};
  size_t hash = location.rfind("#sha256=");
  if (hash == std::string::npos) return out;
  std::string hex = location.substr(hash + 8);
  bool valid = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
  if (!valid)
    throw usage_error("'" + location + "': #sha256= must be followed by the 64 hex digits of the file's SHA-256");
  std::transform(hex.begin(), hex.end(), hex.begin(), [](unsigned char c) { return std::tolower(c); });
  out.location = location.substr(0, hash);
  out.sha256 = hex;
  return out;
}

bool is_url(std::string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("file://", 0) == 0;
}

fs::path cache_path_for(const std::string& url, const fs::path& cache_dir) {
  // One folder per URL (hash) keeps the readable file name and avoids clashes.
  return cache_dir / sha256_hex(url).substr(0, 24) / url_basename(url);
}

FetchResult fetch_cached_detailed(const std::string& given, const DownloadOptions& given_options) {
  // LOCATION#sha256=HEX: the file must have that hash, wherever it comes from.
  Located located = split_sha256_fragment(given);
  const std::string& location = located.location;
  DownloadOptions options = given_options;
  if (located.sha256) {
    if (options.expected_sha256 && *options.expected_sha256 != *located.sha256)
      throw usage_error("'" + given + "': its #sha256= differs from the hash the input must have (" +
                        *options.expected_sha256 + ")");
    options.expected_sha256 = located.sha256;
  }
  FetchResult r;
  if (location.rfind("file://", 0) == 0 || !is_url(location)) {
    fs::path p = location.rfind("file://", 0) == 0 ? fs::path(location.substr(7)) : fs::path(location);
    if (!fs::exists(p)) throw usage_error("file not found: " + p.string());
    check_sha(location, p, options.expected_sha256);
    r.path = p;
    r.from_cache = true;
    return r;
  }
  if (options.cache_dir.empty()) throw infra_error("internal: no cache folder given for " + location);
  fs::path cached = cache_path_for(location, options.cache_dir);
  std::string etag, last_modified;
  if (fs::exists(cached)) {
    if (options.expected_sha256) {
      // Content-addressed: a copy with the right hash needs no revalidation.
      if (sha256_file(cached) == *options.expected_sha256) return {cached, true, false};
      std::error_code ec;
      fs::remove(cached, ec);
      fs::remove(meta_path(cached), ec);
    } else if (!options.revalidate) {
      return {cached, true, false};
    } else if (fs::exists(meta_path(cached))) {
      try {
        auto meta = nlohmann::json::parse(read_file(meta_path(cached)));
        etag = meta.value("etag", "");
        last_modified = meta.value("last_modified", "");
      } catch (const std::exception&) {
        // A damaged sidecar only costs a full download.
      }
    }
  }
  bool have_cached = fs::exists(cached);
  TempFile tmp(cached);
  Sink sink{tmp.file(), nullptr};
  Transfer t = perform(location, sink, options.timeout, have_cached ? etag : "",
                       have_cached ? last_modified : "");
  if (have_cached && t.network_failure()) {
    console::warn("{} is unreachable ({}); using the cached copy", location,
                  t.curl_error.empty() ? curl_easy_strerror(t.code) : t.curl_error);
    return {cached, true, true};
  }
  if (have_cached && t.code == CURLE_OK && t.status == 304) return {cached, true, false};
  if (!t.ok()) throw infra_error(t.describe(location));
  tmp.close();
  check_sha(location, tmp.path(), options.expected_sha256);
  tmp.commit();
  nlohmann::json meta = {{"url", location}, {"etag", t.etag}, {"last_modified", t.last_modified}};
  write_file_atomic(meta_path(cached), meta.dump(2) + "\n");
  return {cached, false, false};
}

fs::path fetch_cached(const std::string& location, const DownloadOptions& options) {
  return fetch_cached_detailed(location, options).path;
}

std::string fetch_text(const std::string& given, std::chrono::seconds timeout) {
  Located located = split_sha256_fragment(given);
  std::string body;
  Sink sink{nullptr, &body, caps::kTextDownload.bytes()};
  Transfer t = perform(located.location, sink, timeout);
  if (sink.over_cap)
    throw usage_error(fmt::format("{} is larger than {}, the most read into memory; download it and give the "
                                  "file's path instead, or set {} to a larger size",
                                  located.location, human_size(sink.text_cap), caps::kTextDownload.env_var));
  if (!t.ok()) throw infra_error(t.describe(located.location));
  if (located.sha256 && sha256_hex(body) != *located.sha256)
    throw infra_error("sha256 mismatch for " + located.location + ": expected " + *located.sha256 + ", got " +
                      sha256_hex(body) + " (the file was not used)");
  return body;
}

void fetch_to_file(const std::string& url, const fs::path& dest, std::chrono::seconds timeout) {
  TempFile tmp(dest);
  Sink sink{tmp.file(), nullptr};
  Transfer t = perform(url, sink, timeout);
  if (!t.ok()) throw infra_error(t.describe(url));
  tmp.commit();
}

}  // namespace kc

#pragma once
// KernelCI's KCIDB I/O format, version 5.3 (the submission schema is at
// ../shared/kcidb/kcidb-v5.3.schema.json): the pieces both tools need to
// write a report kbuild's build or krun's tests go into, and to send it.
// Each tool fills the objects it knows (kbuild: checkout + build, krun:
// tests); the rules KCIDB sets (ID and origin patterns, test path
// characters, status names, URL and time formats) live here, once.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kc::kcidb {

inline constexpr int kMajor = 5;
inline constexpr int kMinor = 3;

// KCIDB's origin pattern ^[a-z0-9_]+$. Throws kc::Error(Usage) naming
// `option` and the rule for anything else.
void check_origin(const std::string& origin, const std::string& option = "--kcidb-origin");

// The KCIDB options both tools take, checked together: the origin, a
// --kcidb-submit URL that is http(s) and comes with a --kcidb FILE, and a
// --kcidb-url-base that is a URL. Throws kc::Error(Usage).
void check_options(const std::string& origin, const std::string& file, const std::string& submit_url,
                   const std::string& url_base);

// A base URL artifacts are published under (--kcidb-url-base,
// --lava-url-base): http://, https:// or file://. Throws kc::Error(Usage)
// naming the option.
void check_url_base(const std::string& option, const std::string& base);

// "<origin>:<local>", the form every KCIDB ID has.
std::string make_id(const std::string& origin, const std::string& local);

// A dot-separated test path from its parts ("ltp-smoke", "fork01" →
// "ltp-smoke.fork01"): characters KCIDB forbids in a path node (anything but
// A-Z a-z 0-9 _ -) become '_', so "uname -a" is "uname_-a"; an empty part is "_".
std::string test_path(const std::vector<std::string>& parts);

// krun's case result ("pass", "fail", "skip") → KCIDB status. A case that
// never ran because the guest stopped is MISS; one killed by its timeout,
// ERROR.
std::string test_status(const std::string& result, const std::string& reason);

// "file:///abs/path" with the characters a URI may not hold escaped.
std::string file_url(const std::filesystem::path& path);
// ISO 8601 in UTC with microseconds, "2026-12-01T21:00:00.000000+00:00".
std::string iso_time(std::chrono::system_clock::time_point t);

// {"version": {major, minor}, "checkouts": [...], "builds": [...], "tests": [...]}
// (empty lists are left out).
nlohmann::json report(const nlohmann::json& checkouts, const nlohmann::json& builds, const nlohmann::json& tests);

// POSTs the report as JSON to `url` with `Authorization: Bearer <token>`
// when a token is given; retried (3 attempts, growing pauses) on a 5xx
// answer or no answer. Throws kc::Error(Infrastructure) naming the URL and
// the last status or curl error.
void submit(const std::string& url, const nlohmann::json& report, const std::string& token);

// Writes the report to `file` (atomically, parent folders made) and, when
// `submit_url` is set, submits it with $KCIDB_TOKEN. A failed submission is
// an E: line and `false`: the caller decides the exit code, the report stays.
bool write_and_submit(const std::filesystem::path& file, const nlohmann::json& report, const std::string& submit_url);

}  // namespace kc::kcidb

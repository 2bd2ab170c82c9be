#include "krun/results/yaml_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

#include "common/errors.h"

namespace krun {

namespace {

// LAVA's timestamps: UTC, microseconds, no zone.
std::string now_dt() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:06d}", tm, micros);
}

}  // namespace

YamlLogWriter::YamlLogWriter(const std::filesystem::path& path) : path_(path), out_(path, std::ios::trunc) {
  if (!out_) throw kc::infra_error("cannot write " + path.string());
}

void YamlLogWriter::record(const nlohmann::json& r) {
  // JSON is YAML's flow style; bytes that are not UTF-8 become U+FFFD so
  // every reader accepts the file.
  out_ << "- " << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void YamlLogWriter::line(std::string_view text, const char* level) {
  nlohmann::json r = nlohmann::json::object();
  r["dt"] = now_dt();
  r["lvl"] = level;
  r["msg"] = std::string(text);
  record(r);
}

void YamlLogWriter::results(const nlohmann::json& results) {
  for (const auto& [suite, cases] : results.items()) {
    if (!cases.is_object()) continue;
    for (const auto& [name, c] : cases.items()) {
      if (!c.is_object() || !c.contains("result")) continue;
      nlohmann::json msg = {{"definition", suite}, {"case", name}, {"result", c["result"]}};
      nlohmann::json r = nlohmann::json::object();
      r["dt"] = now_dt();
      r["lvl"] = "results";
      r["msg"] = msg;
      record(r);
    }
  }
  out_.flush();
}

void YamlLogWriter::close() {
  out_.close();
  if (!out_) throw kc::infra_error("cannot write " + path_.string());
}

}  // namespace krun

#include "krun/ltp/ltp_release.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/data_dir.h"
#include "common/errors.h"
#include "common/yaml_file.h"

namespace krun::ltp {

std::string LtpRelease::file_name() const { return url.substr(url.find_last_of('/') + 1); }

std::filesystem::path ltp_data_dir() { return kc::data_dir("krun", "KRUN_DATA_DIR") / "ltp"; }

LtpRelease load_ltp_release(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file))
    throw kc::infra_error(fmt::format("{} is missing; reinstall krun", file.string()));
  YAML::Node y = kc::load_yaml_file(file);
  LtpRelease r;
  r.file = file;
  r.version = kc::yaml_string(y, "version", file);
  r.url = kc::yaml_string(y, "url", file);
  r.sha256 = kc::yaml_string(y, "sha256", file);
  r.runtest_names = kc::yaml_string_map(y, "runtest_names", file);
  bool hex = r.sha256.size() == 64 && std::all_of(r.sha256.begin(), r.sha256.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  if (!hex) throw kc::infra_error(fmt::format("{}: 'sha256' must be 64 lower-case hex digits", file.string()));
  if (!r.url.starts_with("https://") && !r.url.starts_with("http://"))
    throw kc::infra_error(fmt::format("{}: 'url' must be an http(s) URL", file.string()));
  return r;
}

LtpRelease load_ltp_release() { return load_ltp_release(ltp_data_dir() / "release.yaml"); }

std::string runtest_for(const std::map<std::string, std::string>& runtest_names, const std::string& test_name) {
  if (auto it = runtest_names.find(test_name); it != runtest_names.end()) return it->second;
  return test_name.starts_with("ltp-") ? test_name.substr(4) : test_name;
}

}  // namespace krun::ltp

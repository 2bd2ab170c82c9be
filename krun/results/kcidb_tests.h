#pragma once
// krun's KCIDB report (`--kcidb FILE`): one KCIDB test per case of
// results.json, path "<suite>.<case>" (suite names split at '/', characters
// KCIDB forbids mapped by kc::kcidb::test_path; the boot case is "boot"),
// and one failing test per crash the console parser found ("crash.<kind>",
// its title as the comment, the report as the log excerpt). The tests point
// at kbuild's build when the run had a --kbuild folder with one; otherwise
// the report describes a build of its own (the kernel's hash) and its
// checkout, so that it stands alone.
#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace krun {

struct KcidbRun {
  std::string origin = "krun";
  std::string build_id;          // kbuild's; empty → one described here
  std::string kernel_sha256;
  std::string kernel_name;       // file name, for the described build's output
  std::string kernel_url;        // its URL (file:// or the user's)
  std::string arch;              // the device's kernel arch ("arm64")
  std::string device, qemu_version, qemu_command;
  std::chrono::system_clock::time_point start;
  std::string log_url;           // the console log's URL, "" when it is not kept
  std::filesystem::path console_log;  // read for each case's log excerpt
};

nlohmann::json kcidb_test_report(const nlohmann::json& results, const KcidbRun& run);

}  // namespace krun

#pragma once
// metadata.json of a krun run, as a record the run fills as it goes (the
// way kbuild's BuildRecord is): written whole before the boot, so a killed
// run still leaves what it was about to do, and again at the end with how
// it went. to_json() is the one place its layout is decided.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace krun {

struct RunMetadata {
  // What runs.
  std::string device, arch, debian_arch, host_arch;
  std::string runtime;                    // null | podman
  nlohmann::json runtime_image;           // {name, digest, podman_version}, null on the host
  std::string accelerator = "tcg";        // kvm | tcg
  std::string accelerator_why;
  std::string kvm_failed;                 // what a KVM boot showed before the fallback, "" when none
  std::string qemu_binary, qemu_version;
  std::vector<std::string> qemu_argv;
  std::string kernel_command_line;
  std::string rootfs_path, rootfs_format;
  bool rootfs_given = false;
  long long deploy_timeout = 0, boot_timeout = 0, silence_timeout = 0, run_timeout = 0;  // seconds
  std::optional<std::pair<std::string, std::string>> shared;  // host, guest
  bool network = false;
  nlohmann::json artifacts = nlohmann::json::array();  // artifact records (inputs/artifact.h)
  nlohmann::json kconfig_check;           // {config, missing, ...}, null when the config is unknown
  nlohmann::json ltp;                     // {version, built, install, build_log, runtests}, null without LTP
  // How it went (set at the end).
  bool ended = false;
  nlohmann::json durations = nlohmann::json::object();
  std::string end_reason, end_detail;
  int qemu_exit_code = -1, qemu_signal = 0;
  std::string qemu_stderr;
  size_t console_lines = 0;
  std::optional<unsigned long long> console_log_capped_at;
  int exit_code = 0;
  nlohmann::json repeat;                  // --repeat N: per boot, null for one boot
  nlohmann::json bisect;                  // --bisect: the verdict, null otherwise
  nlohmann::json vmcore;                  // --vmcore: one record per dump tried, null when none

  nlohmann::json to_json() const;
  // Atomically; throws kc::Error naming the file.
  void write(const std::filesystem::path& file) const;
};

}  // namespace krun

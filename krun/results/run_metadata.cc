#include "krun/results/run_metadata.h"

#include "common/json_file.h"
#include "common/process.h"

namespace krun {

nlohmann::json RunMetadata::to_json() const {
  nlohmann::json m = {
      {"tool", {{"name", "krun"}, {"version", KPROJECT_VERSION}}},
      {"device", device}, {"arch", arch}, {"debian_arch", debian_arch}, {"host_arch", host_arch},
      {"runtime", runtime},
      {"runtime_image", runtime_image},
      {"accelerator", {{"name", accelerator}, {"why", accelerator_why}}},
      {"qemu", {{"binary", qemu_binary}, {"version", qemu_version}, {"argv", qemu_argv},
                {"command", kc::quote_command(qemu_argv)}}},
      {"kernel_command_line", kernel_command_line},
      {"rootfs", {{"path", rootfs_path}, {"format", rootfs_format}, {"given", rootfs_given}}},
      {"timeouts", {{"deploy", deploy_timeout}, {"boot", boot_timeout}, {"silence", silence_timeout},
                    {"run", run_timeout}}},
      {"artifacts", artifacts},
  };
  if (!kvm_failed.empty()) m["accelerator"]["kvm_failed"] = kvm_failed;
  if (shared) m["shared"] = {{"host", shared->first}, {"guest", shared->second}};
  if (network) m["network"] = "user";
  if (!kconfig_check.is_null()) m["kconfig_check"] = kconfig_check;
  if (!ltp.is_null()) m["ltp"] = ltp;
  if (!ended) return m;
  m["durations"] = durations;
  m["end_reason"] = end_reason;
  m["end_detail"] = end_detail;
  m["qemu"]["exit_code"] = qemu_exit_code;
  m["qemu"]["signal"] = qemu_signal;
  m["qemu"]["stderr"] = qemu_stderr;
  m["console_lines"] = console_lines;
  if (console_log_capped_at) m["console_log_capped_at"] = *console_log_capped_at;
  m["exit_code"] = exit_code;
  if (!repeat.is_null()) m["repeat"] = repeat;
  if (!bisect.is_null()) m["bisect"] = bisect;
  if (!vmcore.is_null()) m["vmcore"] = vmcore;
  return m;
}

void RunMetadata::write(const std::filesystem::path& file) const { kc::write_json_atomic(file, to_json()); }

}  // namespace krun

#include "krun/lava/lava_job.h"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "common/errors.h"
#include "krun/qemu/qemu_command.h"

namespace krun::lava {

namespace {

long minutes_for(std::chrono::seconds s) { return std::max<long>(1, static_cast<long>((s.count() + 59) / 60)); }

YAML::Node minutes(long m) {
  YAML::Node n;
  n["minutes"] = m;
  return n;
}

// "1G" → 1024, "512M" → 512 (LAVA's qemu templates take MB).
long memory_mb(const std::string& m) {
  if (m.empty()) return 0;
  long v = std::stol(m);
  char unit = m.back();
  return unit == 'G' || unit == 'g' ? v * 1024 : v;
}

YAML::Node image(const LavaImage& img, const std::string& arg) {
  YAML::Node n;
  n["url"] = img.url;
  if (!img.sha256.empty()) n["sha256sum"] = img.sha256;
  n["image_arg"] = arg;
  return n;
}

std::string emit(const YAML::Node& node, const std::string& header) {
  YAML::Emitter out;
  out << node;
  return header + out.c_str() + "\n";
}

void check(const LavaJobInput& in) {
  if (in.profile.lava_arch.empty())
    throw kc::usage_error(fmt::format("device {} has no lava_arch in its profile; LAVA jobs need one",
                                      in.profile.name));
  if (in.kernel_command_line.find_first_of("\"$`\\") != std::string::npos)
    throw kc::usage_error(fmt::format("the kernel command line '{}' cannot go into a LAVA job: LAVA hands it to a "
                                      "shell, which would read its \" $ ` or \\",
                                      in.kernel_command_line));
}

}  // namespace

std::vector<std::string> lava_qemu_options(const DeviceProfile& profile) {
  BootInputs placeholder;
  placeholder.kernel = "KERNEL";
  std::vector<std::string> argv = qemu_argv(profile, placeholder);
  std::vector<std::string> options;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-kernel" || a == "-append") {
      ++i;  // the inputs come from the job's images
      continue;
    }
    bool has_value = a.starts_with("-") && i + 1 < argv.size() && !argv[i + 1].starts_with("-");
    if (has_value) {
      options.push_back(a + " " + argv[i + 1]);
      ++i;
    } else {
      options.push_back(a);
    }
  }
  return options;
}

std::string lava_job_yaml(const LavaJobInput& in) {
  check(in);
  const long boot = minutes_for(in.boot_timeout + in.longest_test) + 1;
  const long test = minutes_for(in.run_timeout);
  const long deploy = 10;
  YAML::Node job;
  job["device_type"] = "qemu";
  job["job_name"] = in.job_name;
  job["timeouts"]["job"] = minutes(deploy + boot + test + 5);
  job["timeouts"]["action"] = minutes(std::max(boot, test));
  job["timeouts"]["connection"] = minutes(2);
  job["visibility"] = "public";
  // arch picks the qemu binary in a lab's qemu device type; machine, cpu,
  // memory and the profile's extra options let the lab build krun's machine.
  job["context"]["arch"] = in.profile.lava_arch;
  job["context"]["machine"] = in.profile.machine;
  if (!in.profile.cpu.empty()) job["context"]["cpu"] = in.profile.cpu;
  if (long mb = memory_mb(in.profile.memory)) job["context"]["memory"] = mb;
  YAML::Node extra(YAML::NodeType::Sequence);
  extra.push_back(fmt::format("-smp {}", in.profile.smp));
  for (const auto& a : qemu_extra_args(in.profile, !in.bios.url.empty())) extra.push_back(a);
  job["context"]["extra_options"] = extra;

  YAML::Node deploy_action;
  deploy_action["to"] = "tmpfs";
  deploy_action["timeout"] = minutes(deploy);
  deploy_action["images"]["kernel"] =
      image(in.kernel, fmt::format("-kernel {{kernel}} -append \"{}\"", in.kernel_command_line));
  if (in.rootfs_format == "initrd")
    deploy_action["images"]["ramdisk"] = image(in.rootfs, "-initrd {ramdisk}");
  else
    deploy_action["images"]["rootfs"] =
        image(in.rootfs, fmt::format("-drive file={{rootfs}},format=raw,if={}", in.profile.rootfs.bus));
  if (!in.dtb.url.empty()) deploy_action["images"]["dtb"] = image(in.dtb, "-dtb {dtb}");
  if (!in.bios.url.empty()) deploy_action["images"]["bios"] = image(in.bios, "-bios {bios}");

  YAML::Node boot_action;
  boot_action["method"] = "qemu";
  boot_action["media"] = "tmpfs";
  // Also the longest silence the monitor below waits through: it covers the
  // boot and the longest test.
  boot_action["timeout"] = minutes(boot);

  YAML::Node monitor;
  monitor["name"] = "krun";
  monitor["start"] = "<<KRUN>> BOOT";
  monitor["end"] = "<<KRUN>> DONE";
  // rc 0 → "0" → pass; any other rc → its first digit → fail.
  monitor["pattern"] = "<<KRUN>> END (?P<test_case_id>\\S+) (?P<result>0|[1-9])\\d*\\r*\\n";
  monitor["fixupdict"]["0"] = "pass";
  for (char d = '1'; d <= '9'; ++d) monitor["fixupdict"][std::string(1, d)] = "fail";
  YAML::Node test_action;
  test_action["timeout"] = minutes(test);
  test_action["monitors"].push_back(monitor);

  YAML::Node actions(YAML::NodeType::Sequence);
  YAML::Node a1, a2, a3;
  a1["deploy"] = deploy_action;
  a2["boot"] = boot_action;
  a3["test"] = test_action;
  actions.push_back(a1);
  actions.push_back(a2);
  actions.push_back(a3);
  job["actions"] = actions;
  std::string text = emit(job, fmt::format("# LAVA job for krun's run on {} (written by krun --lava-definition)\n",
                                           in.profile.name));
  // yaml-cpp writes the fixupdict keys 0..9 plain, which YAML reads back as
  // numbers; LAVA's schema wants strings.
  for (char d = '0'; d <= '9'; ++d) {
    for (const char* result : {"pass", "fail"}) {
      std::string plain = fmt::format(" {}: {}\n", d, result);
      size_t pos = text.find(plain);
      if (pos != std::string::npos) text.replace(pos, plain.size(), fmt::format(" '{}': {}\n", d, result));
    }
  }
  return text;
}

std::string lava_device_yaml(const LavaJobInput& in) {
  check(in);
  YAML::Node d;
  // Read by every retrying action, whatever the job.
  d["constants"]["failure_retry"] = 1;
  d["constants"]["boot_retry"] = 1;
  d["parameters"] = YAML::Node(YAML::NodeType::Map);
  d["available_architectures"].push_back(in.profile.lava_arch);
  // A tmpfs deploy needs the `image` method to exist.
  d["actions"]["deploy"]["methods"]["image"] = YAML::Node(YAML::NodeType::Map);
  d["actions"]["boot"]["connections"]["serial"] = YAML::Node(YAML::NodeType::Map);
  YAML::Node p;
  p["command"] = in.profile.qemu_binary;
  YAML::Node opts(YAML::NodeType::Sequence);
  for (const auto& o : lava_qemu_options(in.profile)) opts.push_back(o);
  p["options"] = opts;
  p["extra"] = YAML::Node(YAML::NodeType::Sequence);
  d["actions"]["boot"]["methods"]["qemu"]["parameters"] = p;
  d["timeouts"]["actions"] = YAML::Node(YAML::NodeType::Map);
  d["timeouts"]["connections"] = YAML::Node(YAML::NodeType::Map);
  return emit(d, fmt::format("# LAVA device configuration for {} on this machine (lava-run --device), written by "
                             "krun --lava-device\n",
                             in.profile.name));
}

}  // namespace krun::lava

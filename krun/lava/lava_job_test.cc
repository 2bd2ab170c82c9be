#include "krun/lava/lava_job.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "common/errors.h"
#include "krun/device/device_profile.h"

namespace krun::lava {
namespace {

namespace fs = std::filesystem;

DeviceProfile profile(const std::string& name) {
  return load_device_profile(fs::path(KPROJECT_SOURCE_DIR) / "devices" / (name + ".yaml"));
}

LavaJobInput input(const std::string& device) {
  LavaJobInput in;
  in.job_name = "krun test";
  in.profile = profile(device);
  in.kernel = {"https://example.org/Image.gz", ""};
  in.rootfs = {"file:///jobs/rootfs.cpio.gz", std::string(64, 'a')};
  in.kernel_command_line = "console=ttyAMA0 panic=-1";
  in.boot_timeout = std::chrono::seconds(300);
  in.longest_test = std::chrono::seconds(600);
  in.run_timeout = std::chrono::seconds(3600);
  return in;
}

TEST(LavaJob, DeploysKrunsArtifactsAndWatchesItsMarkers) {
  YAML::Node job = YAML::Load(lava_job_yaml(input("qemu-arm64")));
  EXPECT_EQ(job["device_type"].as<std::string>(), "qemu");
  EXPECT_EQ(job["visibility"].as<std::string>(), "public");
  EXPECT_EQ(job["context"]["arch"].as<std::string>(), "arm64");
  EXPECT_EQ(job["context"]["machine"].as<std::string>(), "virt");
  EXPECT_EQ(job["context"]["memory"].as<int>(), 1024);
  const YAML::Node images = job["actions"][0]["deploy"]["images"];
  EXPECT_EQ(job["actions"][0]["deploy"]["to"].as<std::string>(), "tmpfs");
  EXPECT_EQ(images["kernel"]["url"].as<std::string>(), "https://example.org/Image.gz");  // URLs stay as given
  EXPECT_EQ(images["kernel"]["image_arg"].as<std::string>(), "-kernel {kernel} -append \"console=ttyAMA0 panic=-1\"");
  EXPECT_EQ(images["ramdisk"]["image_arg"].as<std::string>(), "-initrd {ramdisk}");
  EXPECT_EQ(images["ramdisk"]["sha256sum"].as<std::string>(), std::string(64, 'a'));
  EXPECT_FALSE(images["dtb"]);
  EXPECT_EQ(job["actions"][1]["boot"]["method"].as<std::string>(), "qemu");
  // The boot timeout is also the monitor's silence limit: boot + the longest test.
  EXPECT_EQ(job["actions"][1]["boot"]["timeout"]["minutes"].as<int>(), 16);
  EXPECT_EQ(job["actions"][2]["test"]["timeout"]["minutes"].as<int>(), 60);
  EXPECT_GE(job["timeouts"]["job"]["minutes"].as<int>(), 16 + 60);
  const YAML::Node m = job["actions"][2]["test"]["monitors"][0];
  EXPECT_EQ(m["start"].as<std::string>(), "<<KRUN>> BOOT");
  EXPECT_EQ(m["end"].as<std::string>(), "<<KRUN>> DONE");
  EXPECT_EQ(m["pattern"].as<std::string>(), "<<KRUN>> END (?P<test_case_id>\\S+) (?P<result>0|[1-9])\\d*\\r*\\n");
  // Keys are strings ("0"), as LAVA's schema wants, not the numbers YAML would read.
  std::string text = lava_job_yaml(input("qemu-arm64"));
  EXPECT_NE(text.find("'0': pass"), std::string::npos) << text;
  EXPECT_NE(text.find("'9': fail"), std::string::npos) << text;
}

TEST(LavaJob, DiskRootfsAndDtb) {
  LavaJobInput in = input("qemu-armv5");
  in.dtb = {"file:///jobs/versatile-pb.dtb", ""};
  YAML::Node images = YAML::Load(lava_job_yaml(in))["actions"][0]["deploy"]["images"];
  EXPECT_EQ(images["dtb"]["image_arg"].as<std::string>(), "-dtb {dtb}");
  in.rootfs_format = "ext4";
  in.profile.rootfs.bus = "virtio";
  images = YAML::Load(lava_job_yaml(in))["actions"][0]["deploy"]["images"];
  EXPECT_FALSE(images["ramdisk"]);
  EXPECT_EQ(images["rootfs"]["image_arg"].as<std::string>(), "-drive file={rootfs},format=raw,if=virtio");
}

// --bios: deployed as an image and given with -bios, instead of the profile's
// "-bios default" among the job's extra options.
TEST(LavaJob, AGivenBiosIsDeployedInsteadOfTheProfilesOwn) {
  LavaJobInput in = input("qemu-riscv64");
  YAML::Node job = YAML::Load(lava_job_yaml(in));
  auto extra = job["context"]["extra_options"].as<std::vector<std::string>>();
  EXPECT_NE(std::find(extra.begin(), extra.end(), "-bios"), extra.end());
  in.bios = {"file:///jobs/fw_jump.elf", ""};
  job = YAML::Load(lava_job_yaml(in));
  EXPECT_EQ(job["actions"][0]["deploy"]["images"]["bios"]["image_arg"].as<std::string>(), "-bios {bios}");
  extra = job["context"]["extra_options"].as<std::vector<std::string>>();
  EXPECT_EQ(std::find(extra.begin(), extra.end(), "-bios"), extra.end());
  EXPECT_EQ(std::find(extra.begin(), extra.end(), "default"), extra.end());
}

TEST(LavaJob, TheDeviceIsTheProfilesQemuWithoutItsInputs) {
  YAML::Node d = YAML::Load(lava_device_yaml(input("qemu-x86_64")));
  EXPECT_EQ(d["available_architectures"][0].as<std::string>(), "x86_64");
  EXPECT_EQ(d["constants"]["boot_retry"].as<int>(), 1);
  EXPECT_TRUE(d["actions"]["deploy"]["methods"]["image"].IsMap());
  const YAML::Node p = d["actions"]["boot"]["methods"]["qemu"]["parameters"];
  EXPECT_EQ(p["command"].as<std::string>(), "qemu-system-x86_64");
  std::vector<std::string> options = p["options"].as<std::vector<std::string>>();
  EXPECT_NE(std::find(options.begin(), options.end(), "-M q35"), options.end());
  EXPECT_NE(std::find(options.begin(), options.end(), "-no-reboot"), options.end());
  for (const auto& o : options) {
    EXPECT_EQ(o.find("-kernel"), std::string::npos) << o;
    EXPECT_EQ(o.find("-append"), std::string::npos) << o;
  }
}

TEST(LavaJob, ACommandLineAShellWouldReadIsRefused) {
  for (const char* bad : {"console=ttyS0 \"x\"", "a=$HOME", "a=`id`", "a=\\n"}) {
    LavaJobInput in = input("qemu-x86_64");
    in.kernel_command_line = bad;
    try {
      lava_job_yaml(in);
      ADD_FAILURE() << bad;
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    }
  }
}

}  // namespace
}  // namespace krun::lava

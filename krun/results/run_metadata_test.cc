#include "krun/results/run_metadata.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

TEST(RunMetadata, BeforeTheBootItSaysWhatRunsAndAfterItHowItWent) {
  RunMetadata m;
  m.device = "qemu-x86_64";
  m.arch = "x86_64";
  m.accelerator = "tcg";
  m.accelerator_why = "TCG: --disable-kvm";
  m.qemu_argv = {"qemu-system-x86_64", "-M", "q35", "-append", "console=ttyS0 panic=-1"};
  m.boot_timeout = 300;
  m.shared = {{"/srv/share", "/mnt/tuxrun"}};
  nlohmann::json before = m.to_json();
  EXPECT_EQ(before["tool"]["name"], "krun");
  EXPECT_EQ(before["device"], "qemu-x86_64");
  EXPECT_EQ(before["accelerator"], nlohmann::json({{"name", "tcg"}, {"why", "TCG: --disable-kvm"}}));
  EXPECT_EQ(before["qemu"]["command"], "qemu-system-x86_64 -M q35 -append 'console=ttyS0 panic=-1'");
  EXPECT_EQ(before["timeouts"]["boot"], 300);
  EXPECT_EQ(before["shared"]["guest"], "/mnt/tuxrun");
  EXPECT_FALSE(before.contains("end_reason"));
  EXPECT_FALSE(before.contains("network"));

  m.ended = true;
  m.end_reason = "done";
  m.exit_code = 1;
  m.qemu_exit_code = 0;
  m.console_log_capped_at = 1024;
  m.kvm_failed = "under KVM the guest printed nothing within 15 s";
  nlohmann::json after = m.to_json();
  EXPECT_EQ(after["end_reason"], "done");
  EXPECT_EQ(after["exit_code"], 1);
  EXPECT_EQ(after["qemu"]["exit_code"], 0);
  EXPECT_EQ(after["qemu"]["argv"].size(), 5u);
  EXPECT_EQ(after["console_log_capped_at"], 1024);
  EXPECT_EQ(after["accelerator"]["kvm_failed"], "under KVM the guest printed nothing within 15 s");
  EXPECT_FALSE(after.contains("repeat"));
  EXPECT_FALSE(after.contains("bisect"));
}

}  // namespace
}  // namespace krun

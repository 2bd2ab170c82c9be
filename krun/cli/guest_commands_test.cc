#include "krun/cli/guest_commands.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

using Lines = std::vector<std::string>;

TEST(GuestCommands, TuxRunsWordsAreOneCommand) {
  EXPECT_EQ(guest_commands({"cat", "/proc/cpuinfo"}), Lines{"cat /proc/cpuinfo"});
  EXPECT_EQ(guest_commands({"/custom-script.sh"}), Lines{"/custom-script.sh"});
  EXPECT_EQ(guest_commands({"sh", "-c", "dmesg | tail -n 3"}), Lines{"sh -c 'dmesg | tail -n 3'"});
  EXPECT_EQ(guest_commands({"echo", "it's"}), Lines{"echo 'it'\\''s'"});
}

TEST(GuestCommands, KrunsShellLinesAreOneCommandEach) {
  EXPECT_EQ(guest_commands({"uname -a"}), Lines{"uname -a"});
  EXPECT_EQ(guest_commands({"uname -a", "cat /proc/version", "false"}),
            (Lines{"uname -a", "cat /proc/version", "false"}));
  EXPECT_EQ(guest_commands({"dmesg | grep -c BUG"}), Lines{"dmesg | grep -c BUG"});
}

TEST(GuestCommands, AFurtherDoubleDashStartsAnotherCommand) {
  EXPECT_EQ(guest_commands({"uname", "-a", "--", "cat", "/proc/version"}), (Lines{"uname -a", "cat /proc/version"}));
  EXPECT_EQ(guest_commands({"uname -a", "--", "cat /proc/version"}), (Lines{"uname -a", "cat /proc/version"}));
  EXPECT_EQ(guest_commands({"--", "--"}), Lines{});
  EXPECT_EQ(guest_commands({}), Lines{});
}

}  // namespace
}  // namespace krun

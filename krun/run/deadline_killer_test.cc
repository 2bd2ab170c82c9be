#include "krun/run/deadline_killer.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "common/process.h"

namespace krun {
namespace {

std::filesystem::path scratch(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// A silent child that writes its pid like qemu's -pidfile and then sleeps.
kc::ProcessOptions silent_sleeper(const std::filesystem::path& pidfile) {
  kc::ProcessOptions o;
  o.argv = {"sh", "-c", "echo $$ > \"$0\"; exec sleep 60", pidfile.string()};
  o.timeout = std::chrono::seconds(30);
  return o;
}

TEST(DeadlineKiller, EndsASilentProcessAtTheDeadline) {
  auto dir = scratch("krun-dk");
  DeadlineKiller killer(dir / "pid");
  killer.arm(DeadlineKiller::Clock::now() + std::chrono::seconds(1), "boot");
  kc::ProcessResult r = kc::run_process(silent_sleeper(dir / "pid"));
  killer.stop();
  EXPECT_EQ(r.term_signal, SIGTERM) << r.describe();
  EXPECT_FALSE(r.timed_out);
  EXPECT_LT(r.seconds, 10);
  EXPECT_EQ(killer.fired(), "boot");
  std::filesystem::remove_all(dir);
}

TEST(DeadlineKiller, DisarmedNeverFires) {
  auto dir = scratch("krun-dk2");
  DeadlineKiller killer(dir / "pid");
  killer.arm(DeadlineKiller::Clock::now() + std::chrono::milliseconds(500), "boot");
  killer.disarm();
  kc::ProcessOptions o = silent_sleeper(dir / "pid");
  o.argv = {"sh", "-c", "echo $$ > \"$0\"; exec sleep 2", (dir / "pid").string()};
  kc::ProcessResult r = kc::run_process(o);
  killer.stop();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(killer.fired(), "");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace krun

#include "krun/run/boot_series.h"

#include <gtest/gtest.h>

#include <deque>

#include "common/errors.h"

namespace krun {
namespace {

// A fake boot: returns scripted outcomes in order and remembers each plan it
// was given; every side effect of the series is logged as a word.
struct FakeBoots {
  std::deque<BootOutcome> script;
  std::vector<BootPlan> plans;
  std::vector<std::string> events;
  std::vector<KvmVerdict> recorded;
  bool interrupt_after_first = false;

  BootSeriesServices services() {
    BootSeriesServices s;
    s.boot = [this](const BootPlan& p) {
      plans.push_back(p);
      events.push_back(p.argv.front() + " " + p.console_log.filename().string());
      BootOutcome o = script.front();
      script.pop_front();
      return o;
    };
    s.reset_for_next_boot = [this](bool kvm) { events.push_back(kvm ? "reset kvm" : "reset tcg"); };
    s.record_kvm = [this](const KvmVerdict& v) { recorded.push_back(v); };
    s.interrupted = [this] { return interrupt_after_first && !plans.empty(); };
    return s;
  }
};

BootOutcome ended(EndReason r, size_t lines = 100) {
  BootOutcome o;
  o.end_reason = r;
  o.console_lines = lines;
  o.end_detail = to_string(r);
  return o;
}

BootSeriesRequest request(int repeat, bool kvm, KvmChoice choice = KvmChoice::Auto) {
  BootSeriesRequest r;
  r.repeat = repeat;
  r.kvm = choice;
  r.accel = {kvm, kvm ? "KVM: same arch" : "TCG: foreign arch", false};
  r.argv_for = [](bool k) { return std::vector<std::string>{k ? "qemu-kvm" : "qemu-tcg"}; };
  r.plan.console_log = "/out/console.log";
  return r;
}

TEST(BootSeries, OneRunBootsOnceAndTakesTheRunsCode) {
  FakeBoots f;
  f.script = {ended(EndReason::Done)};
  BootSeriesObserver obs;
  obs.after_run = [](int, BootOutcome&) { return 1; };
  auto r = run_boot_series(request(1, false), f.services(), obs);
  EXPECT_EQ(f.events, (std::vector<std::string>{"qemu-tcg console.log"}));
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.run_codes, std::vector<int>{1});
  EXPECT_EQ(r.console_logs, std::vector<std::string>{"/out/console.log"});
  EXPECT_EQ(f.plans[0].first_output_within, std::chrono::seconds(0));
  EXPECT_TRUE(f.recorded.empty());  // TCG says nothing about KVM
  EXPECT_TRUE(r.kvm_failed.empty());
}

TEST(BootSeries, RepeatedRunsStartFromThePristineRootfsWithTheirOwnConsoleLogs) {
  FakeBoots f;
  f.script = {ended(EndReason::Done), ended(EndReason::Panic), ended(EndReason::Done)};
  std::vector<int> started;
  BootSeriesObserver obs;
  obs.on_run_start = [&](int run) { started.push_back(run); };
  obs.after_run = [](int, BootOutcome& o) { return o.end_reason == EndReason::Panic ? 1 : 0; };
  auto r = run_boot_series(request(3, false), f.services(), obs);
  EXPECT_EQ(f.events, (std::vector<std::string>{"qemu-tcg console.log", "reset tcg", "qemu-tcg console.2.log",
                                                "reset tcg", "qemu-tcg console.3.log"}));
  EXPECT_EQ(started, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(r.console_logs,
            (std::vector<std::string>{"/out/console.log", "/out/console.2.log", "/out/console.3.log"}));
  // The second run, the first that did not end well, decides.
  EXPECT_EQ(r.deciding().end_reason, EndReason::Panic);
  EXPECT_FALSE(r.all_complete());
}

TEST(BootSeries, AllGoodRunsDecideByTheLastAndAreComplete) {
  FakeBoots f;
  f.script = {ended(EndReason::Done, 10), ended(EndReason::PowerDown, 20)};
  auto r = run_boot_series(request(2, false), f.services(), {});
  EXPECT_EQ(r.deciding().console_lines, 20u);
  EXPECT_TRUE(r.all_complete());
}

TEST(BootSeries, AKvmBootThatPrintsNothingIsBootedAgainUnderTcgAndRecordedOnceTcgPrints) {
  FakeBoots f;
  BootOutcome silent = ended(EndReason::KvmFailed, 0);
  silent.end_detail = "the guest printed nothing within 15 s";
  f.script = {silent, ended(EndReason::Done)};
  std::string fallback;
  int before_boot = 0;
  BootSeriesObserver obs;
  obs.on_kvm_fallback = [&](const std::string& d) { fallback = d; };
  obs.before_boot = [&](BootPlan&) { ++before_boot; };
  auto r = run_boot_series(request(1, true), f.services(), obs);
  EXPECT_EQ(f.events, (std::vector<std::string>{"qemu-kvm console.log", "reset tcg", "qemu-tcg console.log"}));
  EXPECT_EQ(f.plans[0].first_output_within, kKvmFirstOutputWithin);  // KVM is watched
  EXPECT_EQ(f.plans[1].first_output_within, std::chrono::seconds(0));
  EXPECT_EQ(before_boot, 2);  // the parsers are wired afresh for the retry
  EXPECT_EQ(fallback, "the guest printed nothing within 15 s");
  EXPECT_EQ(r.kvm_failed, fallback);
  EXPECT_FALSE(r.accel.kvm);
  EXPECT_TRUE(r.accel.warn);
  EXPECT_EQ(r.accel.why, "TCG: the guest printed nothing within 15 s");
  EXPECT_EQ(r.argv, std::vector<std::string>{"qemu-tcg"});
  ASSERT_EQ(r.outcomes.size(), 1u);  // the failed KVM attempt is not a run
  ASSERT_EQ(f.recorded.size(), 1u);
  EXPECT_FALSE(f.recorded[0].works);
}

TEST(BootSeries, AKvmFailureIsNotRecordedWhileTheKernelStaysSilentUnderTcgToo) {
  FakeBoots f;
  f.script = {ended(EndReason::KvmFailed, 0), ended(EndReason::BootTimeout, 0)};
  auto r = run_boot_series(request(1, true), f.services(), {});
  EXPECT_TRUE(f.recorded.empty());
  EXPECT_FALSE(r.kvm_failed.empty());
}

TEST(BootSeries, QemuFailingBeforeAnyOutputUnderKvmFallsBackWithQemusFirstLine) {
  FakeBoots f;
  BootOutcome refused = ended(EndReason::QemuFailed, 0);
  refused.qemu_exit_code = 1;
  refused.qemu_stderr = "qemu: failed to set MSR 0x10a\nmore";
  f.script = {refused, ended(EndReason::Done)};
  auto r = run_boot_series(request(1, true), f.services(), {});
  EXPECT_EQ(r.kvm_failed, "qemu failed: qemu: failed to set MSR 0x10a");
}

TEST(BootSeries, AKvmBootThatRunsIsRecordedAsWorkingAndLaterRunsKeepKvm) {
  FakeBoots f;
  f.script = {ended(EndReason::Done), ended(EndReason::Done)};
  auto r = run_boot_series(request(2, true), f.services(), {});
  EXPECT_EQ(f.events, (std::vector<std::string>{"qemu-kvm console.log", "reset kvm", "qemu-kvm console.2.log"}));
  ASSERT_EQ(f.recorded.size(), 2u);
  EXPECT_TRUE(f.recorded[0].works);
  EXPECT_TRUE(r.accel.kvm);
}

TEST(BootSeries, UnderEnableKvmAKvmFailureEndsTheRunAsInfrastructure) {
  FakeBoots f;
  f.script = {ended(EndReason::KvmFailed, 0)};
  try {
    run_boot_series(request(1, true, KvmChoice::On), f.services(), {});
    FAIL() << "no error";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find("leave --enable-kvm out"), std::string::npos) << e.what();
  }
  EXPECT_EQ(f.plans.size(), 1u);  // no TCG retry
}

TEST(BootSeries, AnInterruptedBootEndsTheSeries) {
  FakeBoots f;
  f.script = {ended(EndReason::Interrupted), ended(EndReason::Done)};
  auto r = run_boot_series(request(2, false), f.services(), {});
  EXPECT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(f.plans.size(), 1u);
}

TEST(BootSeries, ASignalBetweenRunsStartsNoFurtherRun) {
  FakeBoots f;
  f.interrupt_after_first = true;
  f.script = {ended(EndReason::Done), ended(EndReason::Done)};
  auto r = run_boot_series(request(2, false), f.services(), {});
  EXPECT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(f.events, std::vector<std::string>{"qemu-tcg console.log"});
}

}  // namespace
}  // namespace krun

#include "krun/results/lava_suite.h"

#include <fmt/format.h>

namespace krun {

namespace {

std::string lava_duration(double seconds) { return fmt::format("{:.2f}", seconds < 0 ? 0.0 : seconds); }

// LAVA's error_type for a job that did not complete: its own words for a
// boot that never reached a prompt (Job), a test that timed out or
// crashed (Test), an interrupted job (Canceled), a dispatcher failure
// (Infrastructure).
std::string error_type(EndReason r, bool booted) {
  switch (r) {
    case EndReason::Interrupted: return "Canceled";
    case EndReason::QemuFailed:
    case EndReason::KvmFailed: return "Infrastructure";
    default: return booted ? "Test" : "Job";
  }
}

bool any_failed_case(const nlohmann::json& cases) {
  if (!cases.is_object()) return false;
  for (const auto& [name, c] : cases.items())
    if (c.is_object() && c.value("result", "") == "fail") return true;
  return false;
}

}  // namespace

nlohmann::json lava_suite(const BootOutcome& o, const nlohmann::json& results, const LavaSuiteFacts& f) {
  nlohmann::json lava = nlohmann::json::object();
  const nlohmann::json& boot = results.contains("boot") ? results["boot"] : nlohmann::json();
  const bool booted = boot.contains("boot") && boot["boot"].value("result", "") == "pass";
  lava["execute-qemu"] = {{"result", o.end_reason == EndReason::QemuFailed ? "fail" : "pass"},
                          {"duration", lava_duration(o.total_seconds)},
                          {"extra", {{"job_arch", f.job_arch}, {"host_arch", f.host_arch},
                                     {"qemu_version", f.qemu_version}}}};
  nlohmann::json login = {{"result", booted ? "pass" : "fail"}, {"duration", lava_duration(o.boot_seconds)}};
  if (!booted) login["extra"] = {{"fail", o.end_detail}};
  lava["login-action"] = login;
  lava["kernel-messages"] = {{"result", o.crashes.empty() ? "pass" : "fail"}};
  // One entry per test definition, as LAVA's test shell reports them.
  for (const auto& [suite, cases] : results.items()) {
    if (suite == "boot" || suite == "lava") continue;
    std::string definition = suite.substr(0, suite.find('/'));  // kunit/example → kunit
    bool failed = any_failed_case(cases);
    if (!lava.contains(definition) || failed) lava[definition] = {{"result", failed ? "fail" : "pass"}};
  }
  const bool complete = o.end_reason == EndReason::Done || o.end_reason == EndReason::Reboot ||
                        o.end_reason == EndReason::Halt || o.end_reason == EndReason::PowerDown;
  if (complete && booted) {
    lava["job"] = {{"result", "pass"}};
  } else {
    lava["job"] = {{"result", "fail"}, {"error_type", error_type(o.end_reason, booted)},
                   {"error_msg", o.end_detail}};
  }
  return lava;
}

}  // namespace krun

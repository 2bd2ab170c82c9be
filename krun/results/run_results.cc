#include "krun/results/run_results.h"

#include "krun/console/crash_json.h"

namespace krun {

namespace {

bool booted(const BootOutcome& o) {
  if (o.markers.booted()) return true;
  if (!o.crashes.empty()) return false;
  // A foreign rootfs has no marker: its --prompt (or the kernel starting
  // init) seen, or a clean end by the kernel's own reboot or halt, means the
  // system came up.
  if (o.boot_seconds >= 0) return true;
  return o.end_reason == EndReason::Reboot || o.end_reason == EndReason::Halt ||
         o.end_reason == EndReason::PowerDown;
}

nlohmann::json boot_case(const BootOutcome& o) {
  nlohmann::json c = {{"end_reason", to_string(o.end_reason)}};
  if (o.boot_seconds >= 0) c["duration"] = o.boot_seconds;
  if (booted(o)) {
    c["result"] = "pass";
  } else if (o.end_reason == EndReason::BootTimeout || o.end_reason == EndReason::SilenceTimeout ||
             o.end_reason == EndReason::RunTimeout) {
    c["result"] = "fail";
    c["reason"] = "timeout";
  } else if (o.end_reason == EndReason::QemuFailed || o.end_reason == EndReason::Interrupted ||
             o.end_reason == EndReason::KvmFailed) {
    c["result"] = "unknown";
    c["reason"] = to_string(o.end_reason);
  } else {
    c["result"] = "fail";
    c["reason"] = o.panicked ? "panic" : to_string(o.end_reason);
  }
  return c;
}

}  // namespace

nlohmann::json shape_results(const BootOutcome& o) {
  nlohmann::json results = nlohmann::json::object();
  results["boot"]["boot"] = boot_case(o);
  nlohmann::json messages = {{"result", o.crashes.empty() ? "pass" : "fail"}};
  nlohmann::json crashes = nlohmann::json::array();
  for (const auto& c : o.crashes) crashes.push_back(crash_to_json(c));
  messages["crashes"] = crashes;
  results["boot"]["kernel-messages"] = messages;
  return results;
}

void merge_suites(nlohmann::json& results, const nlohmann::json& suites) {
  for (const auto& [suite, cases] : suites.items())
    if (suite != "boot") results[suite] = cases;
}

suites::RunEnd run_end_for(const BootOutcome& o) {
  switch (o.end_reason) {
    case EndReason::Done: return suites::RunEnd::Completed;
    case EndReason::BootTimeout:
    case EndReason::SilenceTimeout:
    case EndReason::RunTimeout: return suites::RunEnd::TimedOut;
    case EndReason::Interrupted: return suites::RunEnd::Interrupted;
    default: return suites::RunEnd::Crashed;
  }
}

int exit_code_for(const BootOutcome& o, const nlohmann::json& results) {
  bool any_fail = false, any_unknown = false;
  for (const auto& [suite, cases] : results.items())
    for (const auto& [name, c] : cases.items()) {
      std::string r = c.value("result", "unknown");
      if (r == "fail") any_fail = true;
      if (r == "unknown") any_unknown = true;
    }
  // A crash is a definite "bad" even if the run then hung.
  if (!o.crashes.empty()) return 1;
  if (is_incomplete(o.end_reason)) return 2;
  if (any_fail) return 1;
  if (any_unknown) return 2;
  return 0;
}

int delivered_exit_code(int code, bool delivery_failed, std::optional<int> bisect_verdict) {
  if (!bisect_verdict) return delivery_failed && code == 0 ? 2 : code;
  return delivery_failed && *bisect_verdict == 0 ? 125 : *bisect_verdict;
}

}  // namespace krun

#include "krun/results/run_results.h"

#include "krun/console/log_parse.h"

namespace krun {

namespace {

bool booted(const BootOutcome& o) {
  if (o.markers.booted()) return true;
  // A foreign rootfs has no marker: a clean end by the kernel's own reboot or
  // halt without any crash still means the system came up and went down.
  bool clean_end = o.end_reason == EndReason::Reboot || o.end_reason == EndReason::Halt ||
                   o.end_reason == EndReason::PowerDown;
  return clean_end && o.crashes.empty();
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
  } else if (o.end_reason == EndReason::QemuFailed || o.end_reason == EndReason::Interrupted) {
    c["result"] = "unknown";
    c["reason"] = to_string(o.end_reason);
  } else {
    c["result"] = "fail";
    c["reason"] = o.panicked ? "panic" : to_string(o.end_reason);
  }
  return c;
}

nlohmann::json planned_case(const BootOutcome& o, const PlannedCase& p) {
  nlohmann::json c;
  if (!p.command.empty()) c["command"] = p.command;
  for (const auto& t : o.markers.tests()) {
    if (t.name != p.name) continue;
    c["first_line"] = t.first_line;
    c["last_line"] = t.last_line;
    if (!t.exit_code) {
      c["result"] = "unknown";
      c["reason"] = "the run ended while it was running";
      return c;
    }
    c["exit_code"] = *t.exit_code;
    c["result"] = *t.exit_code == 0 ? "pass" : "fail";
    if (*t.exit_code == 124 || *t.exit_code == 137) c["reason"] = "timeout";
    return c;
  }
  c["result"] = "unknown";
  c["reason"] = "never started";
  return c;
}

}  // namespace

nlohmann::json shape_results(const BootOutcome& o, const std::vector<PlannedCase>& planned) {
  nlohmann::json results = nlohmann::json::object();
  results["boot"]["boot"] = boot_case(o);
  nlohmann::json messages = {{"result", o.crashes.empty() ? "pass" : "fail"}};
  nlohmann::json crashes = nlohmann::json::array();
  for (const auto& c : o.crashes) crashes.push_back(crash_to_json(c));
  messages["crashes"] = crashes;
  results["boot"]["kernel-messages"] = messages;
  for (const auto& p : planned) results[p.suite][p.name] = planned_case(o, p);
  return results;
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

int bisect_exit_code(int exit_code) {
  if (exit_code == 0) return 0;
  if (exit_code == 1) return 1;
  return 125;
}

}  // namespace krun

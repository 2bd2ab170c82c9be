#include "kbuild/junit_report.h"

namespace kbuild {

namespace {

kc::junit::Outcome outcome_of(Status status) {
  if (status == Status::Pass) return kc::junit::Outcome::Pass;
  if (status == Status::Fail) return kc::junit::Outcome::Fail;
  if (status == Status::Skip) return kc::junit::Outcome::Skip;
  return kc::junit::Outcome::Error;  // RUNNING/INTERRUPTED: the build never finished it
}

std::string field(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

}  // namespace

std::vector<kc::junit::Suite> junit_suites(const BuildRecord& record) {
  kc::junit::Suite suite;
  suite.name = "kbuild " + field(record.build, "target_arch") + " " + field(record.build, "toolchain");
  suite.seconds = -1;
  for (const auto& t : record.targets) {
    kc::junit::Case c;
    c.name = t.name;
    c.outcome = outcome_of(t.status);
    c.seconds = t.duration;
    c.message = t.reason.empty() && c.outcome == kc::junit::Outcome::Error ? to_string(t.status) : t.reason;
    suite.cases.push_back(std::move(c));
  }
  return {suite};
}

}  // namespace kbuild

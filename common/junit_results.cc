#include "common/junit_results.h"

#include <string>

namespace kc::junit {

namespace {

std::string text_field(const nlohmann::json& c, const char* key) {
  auto it = c.find(key);
  if (it == c.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

Case case_from(const std::string& name, const nlohmann::json& c) {
  Case out;
  out.name = name;
  if (!c.is_object()) {  // {"case": "pass"} also occurs
    out.outcome = outcome_from_result(c.is_string() ? c.get<std::string>() : "unknown");
    return out;
  }
  out.outcome = outcome_from_result(text_field(c, "result"));
  if (auto d = c.find("duration"); d != c.end() && d->is_number()) out.seconds = d->get<double>();
  out.message = text_field(c, "reason");
  if (out.message.empty()) out.message = text_field(c, "end_reason");
  if (auto cr = c.find("crashes"); cr != c.end() && cr->is_array()) {
    for (const auto& crash : *cr) {
      std::string title = text_field(crash, "title");
      if (out.message.empty()) out.message = title;
      out.details += title + "\n" + text_field(crash, "excerpt") + "\n";
    }
  }
  if (auto ec = c.find("exit_code"); ec != c.end() && out.outcome != Outcome::Pass && out.message.empty())
    out.message = "exit code " + ec->dump();
  return out;
}

}  // namespace

std::vector<Suite> suites_from_results(const nlohmann::json& results) {
  std::vector<Suite> suites;
  if (!results.is_object()) return suites;
  for (const auto& [suite_name, cases] : results.items()) {
    Suite s{suite_name, -1, {}};
    if (cases.is_object())
      for (const auto& [case_name, c] : cases.items()) s.cases.push_back(case_from(case_name, c));
    suites.push_back(std::move(s));
  }
  return suites;
}

}  // namespace kc::junit

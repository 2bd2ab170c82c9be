#pragma once
// The three results a test case can have in results.json (TuxRun's words).
#include <optional>
#include <string>
#include <string_view>

namespace krun::suites {

enum class Outcome { Pass, Fail, Skip };

inline std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::Pass: return "pass";
    case Outcome::Fail: return "fail";
    case Outcome::Skip: return "skip";
  }
  return "fail";
}

inline std::optional<Outcome> outcome_from_string(std::string_view s) {
  if (s == "pass") return Outcome::Pass;
  if (s == "fail") return Outcome::Fail;
  if (s == "skip") return Outcome::Skip;
  return std::nullopt;
}

}  // namespace krun::suites

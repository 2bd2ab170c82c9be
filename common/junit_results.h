#pragma once
// JUnit suites from a TuxRun-shaped results document
// ({suite: {case: {result, duration?, reason?, crashes?, ...}}}), so krun's
// --junit needs no mapping of its own: one <testsuite> per suite, one
// <testcase> per case; crashes become the failure's text.
#include <nlohmann/json.hpp>

#include <vector>

#include "common/junit.h"

namespace kc::junit {

std::vector<Suite> suites_from_results(const nlohmann::json& results);

}  // namespace kc::junit

#pragma once
// kbuild's results as JUnit XML (`--junit FILE`): one suite per build named
// after arch and toolchain, one case per target, so a CI system shows which
// target failed without parsing metadata.json.
#include <vector>

#include "common/junit.h"
#include "kbuild/metadata.h"

namespace kbuild {

std::vector<kc::junit::Suite> junit_suites(const BuildRecord& record);

}  // namespace kbuild

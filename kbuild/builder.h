#pragma once
// The build engine: validate → prepare the runtime → config → targets in
// dependency order → artifacts → metadata → hooks → cleanup (always).
#include "kbuild/options.h"

namespace kbuild {

// Runs one build and returns kbuild's exit code (0 ok, 2 a target or hook
// failed, 128+signal when interrupted; with --bisect the bisect mapping).
// Throws kc::Error for bad input (Usage) and infrastructure problems found
// before the build starts.
int run_build(Options options);

// The architecture kbuild builds for when -a is not given.
std::string host_arch_name();

}  // namespace kbuild

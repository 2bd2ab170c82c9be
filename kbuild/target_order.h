#pragma once
// The requested targets plus their dependencies, each once, every target
// after the ones it depends on (config is always first).
#include <string>
#include <vector>

#include "kbuild/catalog.h"

namespace kbuild {

// Throws kc::Error(Usage) for an unknown target or a dependency cycle.
std::vector<Target> order_targets(const Catalog& catalog, const std::vector<std::string>& requested);

}  // namespace kbuild

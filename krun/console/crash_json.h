#pragma once
// The JSON form of a crash and its frames, as results.json, metadata.json,
// `krun log parse` and `krun lava` print them.
#include <nlohmann/json.hpp>

#include "krun/console/crash.h"

namespace krun {

nlohmann::json frame_to_json(const Frame& frame);
nlohmann::json crash_to_json(const Crash& crash);

}  // namespace krun

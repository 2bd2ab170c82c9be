#pragma once
// Where a run's files go. --save-outputs: the next numbered folder under
// <cache>/outputs (1, 2, 3...; created with mkdir so two runs never share
// one). Otherwise a private scratch folder removed when the run ends, after
// the files the user asked for (--results, --metadata, --log-file) are copied
// (kc::ScratchFolder).
#include <filesystem>

namespace krun {

std::filesystem::path next_numbered_folder(const std::filesystem::path& parent);

}  // namespace krun

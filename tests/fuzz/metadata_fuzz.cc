// What krun reads from other tools' JSON: a kbuild/TuxMake folder's
// metadata.json and a results.json (krun's or TuxRun's) for compare/bisect.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "krun/compare/run_record.h"
#include "krun/inputs/build_folder.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

// A build folder holding a kernel and modules, so artifact names that
// resolve are followed as far as the real reader goes.
const std::filesystem::path& folder() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("kproject-fuzz-folder-" + std::to_string(getpid()));
    std::filesystem::create_directories(d / "dtbs");
    std::ofstream(d / "bzImage") << "kernel";
    std::ofstream(d / "modules.tar.xz") << "modules";
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  nlohmann::json j = nlohmann::json::parse(fuzz::text(data, size), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return 0;
  fuzz::accepting_errors([&] { (void)krun::build_folder_from_metadata(j, folder(), folder() / "metadata.json"); });
  fuzz::accepting_errors([&] { (void)krun::compare::read_run(j); });
  return 0;
}

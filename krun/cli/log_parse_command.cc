#include "krun/cli/log_parse_command.h"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "common/console.h"
#include "common/scratch_folder.h"
#include "krun/console/console_parser.h"
#include "krun/console/crash_json.h"
#include "krun/console/symbolizer.h"

namespace krun {

int log_parse_main(const std::vector<std::string>& args) {
  CLI::App app{"Find kernel crashes in a saved console log and print them as JSON.\n"
               "Exit status: 1 when a crash was found, 0 when none, 2 when the log cannot be read.",
               "krun log parse"};
  std::string file, vmlinux;
  app.add_option("FILE", file, "console log (any bytes; \\n, \\r\\n or \\r line ends)")->required();
  app.add_option("--vmlinux", vmlinux,
                 "the booted kernel's unstripped vmlinux (or vmlinux.xz): crash frames get their source file "
                 "and line");
  std::vector<const char*> argv{"krun log parse"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    kc::console::error("{}; usage: krun log parse FILE", e.what());
    return 2;
  }

  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    kc::console::error("cannot read console log {}: it is a directory; give the log file", file);
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    kc::console::error("cannot read console log {}: {}; check the path", file, std::strerror(errno));
    return 2;
  }
  ConsoleParser parser;
  parser.feed(in);
  if (in.bad()) {
    kc::console::error("reading console log {} failed: {}", file, std::strerror(errno));
    return 2;
  }
  parser.finish();

  std::vector<Crash> crashes = parser.crashes();
  std::optional<kc::ScratchFolder> scratch;
  if (!vmlinux.empty() && !crashes.empty()) {
    scratch.emplace(std::filesystem::temp_directory_path(), "krun-vmlinux");
    symbolize_crashes(crashes, vmlinux, scratch->path());
  }
  nlohmann::json out{
      {"file", file},
      {"lines", parser.lines()},
      {"panicked", parser.panicked()},
      {"crashes_dropped", parser.detector().crashes_dropped()},
      {"crashes", nlohmann::json::array()},
  };
  for (const Crash& c : crashes) out["crashes"].push_back(crash_to_json(c));
  // Console bytes are not always UTF-8: invalid sequences become U+FFFD.
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  std::cout.flush();
  if (!std::cout) {  // a full disk, a closed pipe: the verdict did not reach anyone
    kc::console::error("cannot write the result to standard output: {}", std::strerror(errno));
    return 2;
  }
  return parser.crashes().empty() ? 0 : 1;
}

}  // namespace krun

#pragma once
// The commands that build a subset of LTP and install it, as argv vectors
// run inside the LTP build image with the source at a fixed path. Pure, so
// the sequence is unit-tested without a container.
//
// autotools (only for a tree without configure, such as a git checkout) →
// configure (cross: --host=<triplet>) → LTP's library → its shell-test
// helpers (testcases/lib, tools/apicmds) → the test folders the runtest
// files need → install of all of those and of runtest/ into DESTDIR.
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace krun::ltp {

// Where things are inside the build container.
inline constexpr const char* kGuestSource = "/ltp/src";
inline constexpr const char* kGuestInstall = "/ltp/install";  // DESTDIR
inline constexpr const char* kGuestCcache = "/ltp/ccache";
inline constexpr const char* kPrefix = "/opt/ltp";

struct BuildStep {
  std::string phase;  // "configure", "library", ... (progress lines and errors)
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;
  std::chrono::minutes timeout{60};
};

struct BuildStepsInput {
  bool has_configure = false;
  bool cross = false;
  std::string triplet;   // --host (cross only)
  std::string compiler;  // run behind ccache
  int jobs = 2;
  std::vector<std::string> folders;  // test folders, relative to the source
};

std::vector<BuildStep> ltp_build_steps(const BuildStepsInput& input);

// The folders every build makes and installs besides the test folders: the
// shell-test library and helpers, and the API commands old tests call.
const std::vector<std::string>& helper_folders();

}  // namespace krun::ltp

#include "krun/ltp/build_steps.h"

#include <string>

namespace krun::ltp {

const std::vector<std::string>& helper_folders() {
  static const std::vector<std::string> f = {"testcases/lib", "tools/apicmds"};
  return f;
}

std::vector<BuildStep> ltp_build_steps(const BuildStepsInput& in) {
  std::vector<BuildStep> steps;
  const std::string jobs = "-j" + std::to_string(in.jobs > 0 ? in.jobs : 1);
  // The compiler goes to configure, which writes it into include/mk/config.mk
  // for every later make.
  const std::map<std::string, std::string> cc = {{"CC", "ccache " + in.compiler}};
  if (!in.has_configure) steps.push_back({"autotools", {"make", "autotools"}, {}, std::chrono::minutes(20)});
  std::vector<std::string> configure = {"./configure", std::string("--prefix=") + kPrefix};
  if (in.cross) configure.push_back("--host=" + in.triplet);
  steps.push_back({"configure", configure, cc, std::chrono::minutes(30)});
  steps.push_back({"library", {"make", jobs, "-C", "lib"}, {}, std::chrono::minutes(60)});
  for (const auto& f : helper_folders()) steps.push_back({"helpers", {"make", jobs, "-C", f}, {}, std::chrono::minutes(60)});
  for (const auto& f : in.folders) steps.push_back({"tests", {"make", jobs, "-C", f}, {}, std::chrono::minutes(120)});
  const std::string destdir = std::string("DESTDIR=") + kGuestInstall;
  std::vector<std::string> installed = {"runtest"};
  installed.insert(installed.end(), helper_folders().begin(), helper_folders().end());
  installed.insert(installed.end(), in.folders.begin(), in.folders.end());
  for (const auto& f : installed)
    steps.push_back({"install", {"make", "-C", f, "install", destdir}, {}, std::chrono::minutes(30)});
  return steps;
}

}  // namespace krun::ltp

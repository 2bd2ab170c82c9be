#include "kbuild/target_scheduler.h"

#include <fstream>

namespace kbuild {

TargetDecision decide_target(const Target& t, const ScheduleState& s) {
  TargetDecision d;
  auto skip = [&](std::string reason) {
    d.skip = true;
    d.reason = std::move(reason);
    return d;
  };
  if (s.interrupted) {
    d.reason = "interrupted";
    return d;
  }
  if (s.any_failed && s.fail_fast) return skip("skipped by --fail-fast after a failure");
  std::string blocked;
  for (const auto& dep : t.depends) {
    const bool passed = s.status_of && s.status_of->count(dep) && s.status_of->at(dep) == Status::Pass;
    if (!passed) blocked = dep;
  }
  if (!blocked.empty()) return skip("dependency " + blocked + " did not pass");
  if (t.requires_arch_dtbs && !s.arch_has_dtbs) return skip(s.arch + " has no device trees");
  if (!t.written_to_parent.empty() && !s.in_container)
    return skip("make " + t.name + " writes its " + t.written_to_parent +
                " files next to the build folder; run it in a container (-r podman)");
  for (const auto& f : t.requires_build_files)
    if (!std::filesystem::exists(s.build_dir / f)) return skip(f + " is not in the build folder");
  for (const auto& f : t.requires_source_files)
    if (!std::filesystem::exists(s.source_dir / f)) return skip(f + " is not in the source tree");
  for (const auto& [file, prefix] : t.skip_when_source_has_line) {
    std::ifstream in(s.source_dir / file);
    for (std::string line; std::getline(in, line);)
      if (line.starts_with(prefix)) return skip("the tree's " + file + " has " + prefix);
  }
  if (!t.requires_config.empty()) {
    std::map<std::string, std::string> cfg = s.config ? s.config() : std::map<std::string, std::string>{};
    for (const auto& sym : t.requires_config)
      if (cfg[sym] != "y" && cfg[sym] != "m") blocked = sym;
    if (!blocked.empty()) {
      skip(blocked + " is not set");
      if (t.takes_external_modules && s.external_modules) {
        d.reason += " (needed by --external-module)";
        d.usage_failure = "--external-module needs CONFIG_MODULES=y, but the configuration leaves " + blocked +
                          " unset; add -K CONFIG_MODULES=y or use a kconfig with modules";
      }
      return d;
    }
  }
  d.run = true;
  return d;
}

}  // namespace kbuild

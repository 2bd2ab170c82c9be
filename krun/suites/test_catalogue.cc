#include "krun/suites/test_catalogue.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/errors.h"

namespace krun::suites {

namespace {

struct Family {
  const char* pattern;
  const char* description;
  int default_minutes;
};

// Default per-test timeouts (minutes) when --timeouts does not name the test.
constexpr Family kFamilies[] = {
    {"boot", "boot to userspace (always run)", 0},
    {"kunit", "kunit suites run at boot and kunit test modules from --modules", 10},
    {"kselftest", "every collection of the kselftest install (--parameters KSELFTEST=...)", 120},
    {"kselftest-<dir>", "one kselftest collection, e.g. kselftest-timers, kselftest-size", 30},
    {"ltp-<suite>", "one LTP runtest file, e.g. ltp-smoke, ltp-syscalls (--parameters LTP=...)", 60},
    {"-- <command>...", "each trailing command is one case in suite `commands`", 10},
};

constexpr const char* kKselftestDir = "/opt/kselftest";
constexpr const char* kLtpDir = "/opt/ltp";

bool valid_word(const std::string& s, const std::string& extra) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || extra.find(c) != std::string::npos;
  });
}

std::vector<std::string> split_tests(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    size_t pos = 0;
    while (pos <= v.size()) {
      size_t comma = v.find(',', pos);
      if (comma == std::string::npos) comma = v.size();
      std::string t = v.substr(pos, comma - pos);
      if (!t.empty()) out.push_back(t);
      pos = comma + 1;
    }
  }
  return out;
}

std::string module_name(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  return base.substr(0, base.find(".ko"));
}

// Timeout for a step: --timeouts by exact name, then by family
// ("kselftest", "ltp", "commands"), then the default.
int timeout_seconds(const std::map<std::string, std::string>& timeouts, const std::string& name,
                    const std::string& family, int default_minutes) {
  for (const std::string& key : {name, family}) {
    auto it = timeouts.find(key);
    if (it == timeouts.end()) continue;
    try {
      size_t used = 0;
      int minutes = std::stoi(it->second, &used);
      if (used != it->second.size() || minutes <= 0) throw std::invalid_argument("range");
      return minutes * 60;
    } catch (const std::exception&) {
      throw kc::usage_error(fmt::format(
          "--timeouts {}={}: the value must be a whole number of minutes, e.g. {}=15", key,
          it->second, key));
    }
  }
  return default_minutes * 60;
}

std::string kunit_script(const std::vector<std::string>& modules) {
  std::string s =
      "#!/bin/sh\n"
      "# Load kunit test modules; each prints its KTAP report on the console.\n"
      "rc=0\n";
  for (const std::string& m : modules) {
    s += fmt::format(
        "echo 'krun: loading {0}'\n"
        "modprobe '{0}' || {{ echo 'krun: modprobe {0} failed'; rc=1; }}\n",
        m);
  }
  return s + "exit $rc\n";
}

std::string kselftest_script(const std::string& collection) {
  std::string run = collection.empty() ? "./run_kselftest.sh" : "./run_kselftest.sh -c '" + collection + "'";
  return fmt::format(
      "#!/bin/sh\n"
      "# Run kselftest from the install unpacked under {0}.\n"
      "runner=$(find {0} -maxdepth 3 -name run_kselftest.sh | head -n 1)\n"
      "if [ -z \"$runner\" ]; then\n"
      "  echo 'krun: run_kselftest.sh not found under {0}'\n"
      "  exit 2\n"
      "fi\n"
      "cd \"$(dirname \"$runner\")\" || exit 2\n"
      "{1}\n",
      kKselftestDir, run);
}

std::string ltp_script(const std::string& suite, const std::string& ltp_dir, bool skipfile) {
  std::string skip = skipfile ? " -S /krun/ltp-skipfile" : "";
  return fmt::format(
      "#!/bin/sh\n"
      "# Run LTP's runtest/{0} with the install's own runner. KRUN_LTP_DIR\n"
      "# overrides where the install is (tests use it).\n"
      "ltp=${{KRUN_LTP_DIR:-{1}}}\n"
      "cd \"$ltp\" || {{ echo \"krun: no LTP install at $ltp\"; exit 2; }}\n"
      "if [ -x ./runltp ]; then\n"
      "  log=${{TMPDIR:-/tmp}}/krun-ltp-{0}.log\n"
      "  ./runltp -p -f '{0}' -l \"$log\" -d ${{TMPDIR:-/tmp}}{2}\n"
      "  rc=$?\n"
      "  cat \"$log\"\n"
      "  exit $rc\n"
      "elif [ -x ./kirk ]; then\n"
      "  exec ./kirk --run-suite '{0}'\n"
      "fi\n"
      "echo \"krun: neither runltp nor kirk in $ltp\"\n"
      "exit 2\n",
      suite, ltp_dir, skip);
}

}  // namespace

void print_test_list(std::ostream& out) {
  for (const Family& f : kFamilies) {
    std::string timeout = f.default_minutes ? fmt::format(" (timeout {} min)", f.default_minutes) : "";
    out << fmt::format("{:<18} {}{}\n", f.pattern, f.description, timeout);
  }
}

bool is_kunit_module(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  size_t ko = name.find(".ko");
  if (ko == std::string::npos) return false;
  std::string rest = name.substr(ko);
  if (rest != ".ko" && rest != ".ko.xz" && rest != ".ko.gz" && rest != ".ko.zst") return false;
  std::string stem = name.substr(0, ko);
  for (const char* suffix : {"-test", "_test", "_kunit", "-kunit"}) {
    std::string s = suffix;
    if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

TestPlan plan_tests(const PlanRequest& req) {
  TestPlan plan;
  std::vector<TestStep> steps;
  std::vector<std::string> scripts;  // parallel to steps
  std::set<std::string> seen;
  auto param = [&](const std::string& k) {
    auto it = req.parameters.find(k);
    return it == req.parameters.end() ? std::string() : it->second;
  };
  bool kselftest_overlay = false, ltp_overlay = false;

  for (const std::string& t : split_tests(req.tests)) {
    if (!seen.insert(t).second || t == "boot") continue;
    TestStep step;
    step.name = t;
    step.suite = t;
    if (t == "kunit") {
      plan.kunit = true;
      std::vector<std::string> modules;
      for (const std::string& f : req.module_files)
        if (is_kunit_module(f) && valid_word(module_name(f), "")) modules.push_back(module_name(f));
      std::sort(modules.begin(), modules.end());
      modules.erase(std::unique(modules.begin(), modules.end()), modules.end());
      if (modules.empty()) continue;  // the built-in suites report at boot, outside any step
      step.parser = ParserKind::Kunit;
      step.suite = "kunit";
      step.timeout_seconds = timeout_seconds(req.timeouts, t, "kunit", 10);
      scripts.push_back(kunit_script(modules));
    } else if (t == "kselftest" || t.rfind("kselftest-", 0) == 0) {
      std::string collection = t == "kselftest" ? "" : t.substr(10);
      if (t != "kselftest" && !valid_word(collection, "/+"))
        throw kc::usage_error("--tests " + t + ": not a kselftest collection name");
      step.parser = ParserKind::Kselftest;
      step.timeout_seconds = timeout_seconds(req.timeouts, t, "kselftest", collection.empty() ? 120 : 30);
      scripts.push_back(kselftest_script(collection));
      kselftest_overlay = true;
    } else if (t.rfind("ltp-", 0) == 0) {
      std::string suite = t.substr(4);
      if (!valid_word(suite, ""))
        throw kc::usage_error("--tests " + t + ": not an LTP runtest name");
      step.parser = ParserKind::Ltp;
      step.timeout_seconds = timeout_seconds(req.timeouts, t, "ltp", 60);
      std::string dir = param("LTP_DIR").empty() ? kLtpDir : param("LTP_DIR");
      if (!valid_word(dir, "/")) throw kc::usage_error("--parameters LTP_DIR=" + dir + ": not a plain path");
      scripts.push_back(ltp_script(suite, dir, !req.skip_entries.empty()));
      ltp_overlay = true;
    } else {
      throw kc::usage_error("--tests " + t +
                            ": unknown test; `krun --list-tests` shows the names krun knows");
    }
    steps.push_back(std::move(step));
  }

  for (size_t i = 0; i < req.commands.size(); ++i) {
    TestStep step;
    step.name = "command-" + std::to_string(i + 1);
    step.suite = "commands";
    step.test_case = req.commands[i];
    step.parser = ParserKind::ExitCode;
    step.timeout_seconds = timeout_seconds(req.timeouts, step.name, "commands", 10);
    scripts.push_back("#!/bin/sh\n" + req.commands[i] + "\n");
    steps.push_back(std::move(step));
  }

  if (kselftest_overlay) {
    std::string archive = param("KSELFTEST").empty() ? req.found_kselftest : param("KSELFTEST");
    if (archive.empty())
      throw kc::usage_error(
          "kselftest needs the kselftest install: give --parameters KSELFTEST=kselftest.tar.xz "
          "(path or URL), or --kbuild DIR of a build with the kselftest target");
    plan.overlays.push_back(archive + ":" + kKselftestDir);
  }
  if (ltp_overlay) {
    // LTP is not packaged by Debian: an install archive given with LTP=,
    // or one the user put in the rootfs (--overlay / --rootfs) at LTP_DIR.
    if (!param("LTP").empty())
      plan.overlays.push_back(param("LTP") + ":" + (param("LTP_DIR").empty() ? kLtpDir : param("LTP_DIR")));
    if (!req.skip_entries.empty()) {
      std::string content;
      for (const std::string& e : req.skip_entries) content += e + "\n";
      plan.extra_files["/krun/ltp-skipfile"] = content;
    }
  }
  if (kselftest_overlay || ltp_overlay) plan.rootfs_flavor = "full";

  // Scripts get their final numbered names now that the order is known.
  for (size_t i = 0; i < steps.size(); ++i) {
    TestStep& s = steps[i];
    std::string file_name = s.name;
    std::replace(file_name.begin(), file_name.end(), '/', '_');
    s.name = file_name;
    std::string base = fmt::format("/krun/tests/{:03}-{}", i + 1, file_name);
    s.script_path = base + ".sh";
    plan.extra_files[s.script_path] = scripts[i];
    plan.extra_files[base + ".timeout"] = std::to_string(s.timeout_seconds) + "\n";
  }
  plan.steps = std::move(steps);
  return plan;
}

}  // namespace krun::suites

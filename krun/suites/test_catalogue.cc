#include "krun/suites/test_catalogue.h"

#include <fmt/format.h>

#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "common/atomic_file.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "krun/ltp/ltp_release.h"
#include "krun/run/timeouts.h"

namespace krun::suites {

namespace {

struct Family {
  const char* pattern;
  const char* description;
  const char* timeout_key;  // its row in krun::kTimeoutTable, or nullptr
};

constexpr Family kFamilies[] = {
    {"boot", "boot to userspace (always run)", nullptr},
    {"kunit", "kunit suites run at boot and kunit test modules from --modules", "kunit"},
    {"kselftest", "every collection of the kselftest install (--parameters KSELFTEST=...)", "kselftest"},
    {"kselftest-<dir>", "one kselftest collection, e.g. kselftest-timers, kselftest-size", "kselftest-<dir>"},
    {"ltp-<name>", "LTP's runtest/<name> (ltp-smoke: smoketest), e.g. ltp-syscalls; LTP is built for the guest "
                   "unless --parameters LTP=install.tar.xz",
     "ltp-<name>"},
    {"modules", "load and unload every module of the modules archive, a case each (TuxRun's MODULES_LIST, "
                "MODULES_SUBDIRS, SKIPLIST, MODULE_MODPROBE_NUMBER)",
     "modules"},
    {"rcutorture", "the kernel's RCU torture test for TORTURE_TIME seconds (default 600; kernel: kbuild -K rcutorture)",
     "rcutorture"},
    {"perf", "`perf test` (PERF_TESTS: which), with the perf of kbuild's perf target (the --kbuild folder's or "
             "PERF=archive)",
     "perf"},
    {"cpupower", "cpupower info, frequency-info and idle-info, with kbuild's cpupower target (or CPUPOWER=archive)",
     "cpupower"},
    {"-- <command>...", "each trailing command is one case in suite `commands`", "commands"},
};

// krun's own suites: the guest script (rootfs/suites/<name>.sh), the
// parser of its output, the archive of tools it needs unpacked at / (a
// --parameters key and what the build folder offers), and the named
// fragment the kernel needs.
struct ScriptSuite {
  const char* name;
  ParserKind parser;
  const char* tool_parameter;  // "PERF": the archive of the tool, or nullptr
  const char* kconfig_fragment;
};

constexpr ScriptSuite kScriptSuites[] = {
    {"modules", ParserKind::Cases, nullptr, nullptr},
    {"rcutorture", ParserKind::Cases, nullptr, "rcutorture"},
    {"perf", ParserKind::Perf, "PERF", "perf"},
    {"cpupower", ParserKind::Cases, "CPUPOWER", nullptr},
};

const ScriptSuite* script_suite(const std::string& name) {
  for (const ScriptSuite& s : kScriptSuites)
    if (name == s.name) return &s;
  return nullptr;
}

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

// TuxRun's sharding parameters: 1 <= SHARD_INDEX <= SHARD_NUMBER. True when
// the run is sharded (SHARD_NUMBER above 1).
bool check_shard(const std::string& number, const std::string& index) {
  auto whole = [](const std::string& key, const std::string& v) {
    int n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > 100000)
      throw kc::usage_error(fmt::format("--parameters {}={}: expected a whole number from 1", key, v));
    return n;
  };
  int n = number.empty() ? 1 : whole("SHARD_NUMBER", number);
  int i = index.empty() ? 1 : whole("SHARD_INDEX", index);
  if (i > n)
    throw kc::usage_error(fmt::format("--parameters SHARD_INDEX={} is past SHARD_NUMBER={}: shards are numbered 1 to "
                                      "{}",
                                      i, n, n));
  return n > 1;
}

int seconds_of(std::chrono::seconds s) { return static_cast<int>(s.count()); }

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

// run_kselftest.sh for one collection, or all. A collection is named as
// the install names it (net/forwarding) or as TuxRun does (net-forwarding).
// With --parameters SHARD_NUMBER=N SHARD_INDEX=I only shard I of N of the
// collection's tests (run_kselftest.sh -l, cut by /krun/shard.awk) run, as
// TuxRun shards them.
std::string kselftest_script(const std::string& collection) {
  return fmt::format(
      "#!/bin/sh\n"
      "# Run kselftest from the install unpacked under {0}.\n"
      "krun=\"${{0%/*}}/..\"\n"
      "runner=$(find {0} -maxdepth 3 -name run_kselftest.sh | head -n 1)\n"
      "if [ -z \"$runner\" ]; then\n"
      "  echo 'krun: run_kselftest.sh not found under {0}'\n"
      "  exit 2\n"
      "fi\n"
      "cd \"$(dirname \"$runner\")\" || exit 2\n"
      "c='{1}'\n"
      "if [ -n \"$c\" ] && ! ./run_kselftest.sh -l | grep -q \"^$c:\"; then\n"
      "  for n in $(./run_kselftest.sh -l | cut -d: -f1 | sort -u); do\n"
      "    [ \"$(echo \"$n\" | tr / -)\" = \"$c\" ] && c=$n && break\n"
      "  done\n"
      "fi\n"
      "if [ \"${{SHARD_NUMBER:-1}}\" -gt 1 ]; then\n"
      "  list=/tmp/krun-kselftest-list\n"
      "  ./run_kselftest.sh -l | grep \"^${{c:-.*}}:\" > \"$list\"\n"
      "  LC_ALL=C awk -v shard=\"${{SHARD_INDEX:-1}}\" -v number=\"$SHARD_NUMBER\" -f \"$krun/shard.awk\" \"$list\" "
      "\"$list\" > \"$list.shard\"\n"
      "  echo \"krun: shard ${{SHARD_INDEX:-1}} of $SHARD_NUMBER: $(wc -l < \"$list.shard\") of $(wc -l < \"$list\") tests\"\n"
      "  set --\n"
      "  while read -r t; do set -- \"$@\" -t \"$t\"; done < \"$list.shard\"\n"
      "  [ $# -gt 0 ] || exit 0\n"
      "  exec ./run_kselftest.sh \"$@\"\n"
      "fi\n"
      "if [ -n \"$c\" ]; then exec ./run_kselftest.sh -c \"$c\"; fi\n"
      "exec ./run_kselftest.sh\n",
      kKselftestDir, collection);
}

// The step for one runtest file: krun's LTP runner (/krun/ltp-runner, from
// ltp/runner.sh, found beside /krun/tests so the script also runs from a
// copy of /krun) over the install at LTP_DIR. KRUN_LTP_DIR overrides where
// the install is (tests use it).
std::string ltp_script(const std::string& runtest, const std::string& ltp_dir, bool skipfile) {
  return fmt::format(
      "#!/bin/sh\n"
      "# LTP's runtest/{0}, run by krun's runner over the install at {1}.\n"
      "LTPROOT=${{KRUN_LTP_DIR:-{1}}}\n"
      "export LTPROOT\n"
      "krun=\"${{0%/*}}/..\"\n"
      "exec sh \"$krun/ltp-runner\" '{0}'{2}\n",
      runtest, ltp_dir, skipfile ? " \"$krun/ltp-skipfile\"" : "");
}

// The skip-list entries that can name a test of suite `suite` ("ltp-smoke"),
// as patterns of the test's tag: "fork01", "ltp-smoke/fork*" → "fork*";
// entries for other suites and kselftest's collection:test form are left out.
std::vector<std::string> ltp_skip_patterns(const std::vector<std::string>& entries, const std::string& suite) {
  std::vector<std::string> out;
  for (const std::string& e : entries) {
    size_t slash = e.find('/');
    if (slash == std::string::npos) {
      if (e.find(':') == std::string::npos) out.push_back(e);
    } else if (fnmatch(e.substr(0, slash).c_str(), suite.c_str(), 0) == 0) {
      out.push_back(e.substr(slash + 1));
    }
  }
  return out;
}

}  // namespace

void add_guest_inputs(PlanRequest& req) {
  bool ltp = false, scripts = false;
  for (const std::string& t : split_tests(req.tests)) {
    ltp = ltp || t.starts_with("ltp-");
    scripts = scripts || script_suite(t);
  }
  const std::filesystem::path rootfs_data = kc::data_dir("krun", "KRUN_DATA_DIR") / "rootfs";
  if (req.parameters.count("SHARD_NUMBER") || req.parameters.count("SHARD_INDEX"))
    req.shard_script = kc::read_file(rootfs_data / "shard.awk");
  if (scripts)
    for (const auto& e : std::filesystem::directory_iterator(rootfs_data / "suites"))
      if (e.path().extension() == ".sh") req.suite_scripts[e.path().filename().string()] = kc::read_file(e.path());
  if (!ltp) return;
  req.ltp_runner = kc::read_file(krun::ltp::ltp_data_dir() / "runner.sh");
  req.ltp_runtest_names = krun::ltp::load_ltp_release().runtest_names;
}

void print_test_list(std::ostream& out) {
  for (const Family& f : kFamilies) {
    std::string timeout =
        f.timeout_key ? fmt::format(" (timeout {} min)", krun::default_timeout(f.timeout_key).count() / 60) : "";
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
  bool kselftest_overlay = false, ltp_overlay = false, script_suites = false;

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
      step.timeout_seconds = seconds_of(req.timeouts.test(t, "kunit", "kunit"));
      scripts.push_back(kunit_script(modules));
    } else if (t == "kselftest" || t.rfind("kselftest-", 0) == 0) {
      std::string collection = t == "kselftest" ? "" : t.substr(10);
      if (t != "kselftest" && !valid_word(collection, "/+"))
        throw kc::usage_error("--tests " + t + ": not a kselftest collection name");
      step.parser = ParserKind::Kselftest;
      step.timeout_seconds =
          seconds_of(req.timeouts.test(t, "kselftest", collection.empty() ? "kselftest" : "kselftest-<dir>"));
      scripts.push_back(kselftest_script(collection));
      kselftest_overlay = true;
    } else if (t.rfind("ltp-", 0) == 0) {
      std::string runtest = krun::ltp::runtest_for(req.ltp_runtest_names, t);
      if (!valid_word(runtest, "") || runtest.starts_with("."))
        throw kc::usage_error("--tests " + t + ": not an LTP runtest name");
      step.parser = ParserKind::Ltp;
      step.timeout_seconds = seconds_of(req.timeouts.test(t, "ltp", "ltp-<name>"));
      std::string dir = param("LTP_DIR").empty() ? kLtpDir : param("LTP_DIR");
      if (!valid_word(dir, "/")) throw kc::usage_error("--parameters LTP_DIR=" + dir + ": not a plain path");
      std::vector<std::string> skips = ltp_skip_patterns(req.skip_entries, t);
      if (!skips.empty()) {
        std::string content;
        for (const std::string& e : skips) content += e + "\n";
        plan.extra_files["/krun/ltp-skipfile"] += content;
      }
      scripts.push_back(ltp_script(runtest, dir, !skips.empty()));
      plan.ltp_runtests.push_back(runtest);
      plan.ltp_dir = dir;
      ltp_overlay = true;
    } else if (const ScriptSuite* ss = script_suite(t)) {
      step.parser = ss->parser;
      step.timeout_seconds = seconds_of(req.timeouts.test(t, t, t));
      if (t == "modules" && req.module_files.empty())
        throw kc::usage_error("--tests modules needs the modules: give --modules modules.tar.xz or --kbuild DIR of a "
                              "build with the modules target");
      if (ss->tool_parameter) {
        std::string archive = param(ss->tool_parameter);
        if (archive.empty()) archive = t == "perf" ? req.found_perf : req.found_cpupower;
        if (archive.empty())
          throw kc::usage_error(fmt::format("--tests {0} needs {0} for the guest: give --kbuild DIR of a build with "
                                            "kbuild's {0} target, or --parameters {1}=ARCHIVE",
                                            t, ss->tool_parameter));
        plan.overlays.push_back(archive + ":/");
      }
      if (ss->kconfig_fragment) plan.kconfig_fragments[t] = ss->kconfig_fragment;
      scripts.push_back(fmt::format("#!/bin/sh\n# krun's {0} suite (/krun/suites/{0}.sh).\n"
                                    "exec sh \"${{0%/*}}/../suites/{0}.sh\"\n",
                                    t));
      script_suites = true;
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
    step.timeout_seconds = seconds_of(req.timeouts.test(step.name, "commands", "commands"));
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
    // LTP is not packaged by Debian: an install archive given with LTP=, or
    // else one krun builds for the guest (the caller adds it at ltp_dir).
    if (!param("LTP").empty()) plan.overlays.push_back(param("LTP") + ":" + plan.ltp_dir);
    else plan.ltp_build = true;
    if (req.ltp_runner.empty()) throw kc::infra_error("internal: no LTP runner script given to the test plan");
    plan.extra_files["/krun/ltp-runner"] = req.ltp_runner;
  }
  if (script_suites) {
    if (req.suite_scripts.empty()) throw kc::infra_error("internal: no suite scripts given to the test plan");
    for (const auto& [file, content] : req.suite_scripts) plan.extra_files["/krun/suites/" + file] = content;
  }
  if (kselftest_overlay || ltp_overlay || script_suites) plan.rootfs_flavor = "full";
  if (check_shard(param("SHARD_NUMBER"), param("SHARD_INDEX")) && (kselftest_overlay || ltp_overlay || script_suites)) {
    if (req.shard_script.empty()) throw kc::infra_error("internal: no shard script given to the test plan");
    plan.extra_files["/krun/shard.awk"] = req.shard_script;
  }

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

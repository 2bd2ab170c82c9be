#pragma once
// The tests `--tests` accepts and what each one needs in the guest.
//
// A plan turns the request into the guest protocol's files: one
// /krun/tests/NNN-<name>.sh (+ .timeout, seconds) per test in the order
// asked, overlays to unpack into the rootfs (kselftest, LTP), the rootfs
// flavor they need, and which parser reads each test's console output.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "krun/run/timeouts.h"

namespace krun::suites {

using krun::RunTimeouts;

enum class ParserKind {
  Kunit,      // KTAP from the kernel: boot-time suites and loaded test modules
  Kselftest,  // run_kselftest.sh's TAP; one suite per collection
  Ltp,        // LTP runner output
  ExitCode,   // a plain command: pass when it exits 0
  Cases,      // krun's suite scripts' `<<KRUN>> CASE` lines (modules, rcutorture, cpupower)
  Perf,       // `perf test`'s verdict lines
};

struct TestStep {
  std::string name;       // marker name: `<<KRUN>> START <name>`
  std::string suite;      // results suite (kselftest: used when a line names no collection)
  std::string test_case;  // ExitCode steps: the case name (the command)
  ParserKind parser = ParserKind::ExitCode;
  int timeout_seconds = 0;
  std::string script_path;  // /krun/tests/NNN-<name>.sh
};

struct PlanRequest {
  std::vector<std::string> tests;     // --tests values (comma lists allowed); "boot" is implied
  std::vector<std::string> commands;  // the trailing `-- cmd ...` words, one case each
  std::map<std::string, std::string> parameters;  // KSELFTEST, LTP, LTP_DIR, SKIPFILE
  RunTimeouts timeouts;                           // --timeouts, parsed
  // Paths inside the modules archive (lib/modules/<rel>/...); kunit test
  // modules among them are loaded by the kunit step.
  std::vector<std::string> module_files;
  // kselftest.tar.xz found in a kbuild/TuxMake output folder, used when
  // KSELFTEST is not given; the same for the perf and cpupower archives
  // (PERF=, CPUPOWER=).
  std::string found_kselftest, found_perf, found_cpupower;
  // Skip list entries (already loaded); the LTP runner gets the ones that
  // can name an LTP test and does not run those.
  std::vector<std::string> skip_entries;
  // LTP: the guest runner (ltp/runner.sh) and the test names whose runtest
  // file is named otherwise (ltp/release.yaml: ltp-smoke → smoketest).
  std::string ltp_runner;
  std::map<std::string, std::string> ltp_runtest_names;
  // SHARD_NUMBER/SHARD_INDEX: the awk program that cuts a test list
  // (rootfs/shard.awk), installed as /krun/shard.awk.
  std::string shard_script;
  // krun's guest scripts of the suites that need one (rootfs/suites/*.sh),
  // by file name, installed under /krun/suites/.
  std::map<std::string, std::string> suite_scripts;
};

struct TestPlan {
  std::vector<TestStep> steps;
  std::map<std::string, std::string> extra_files;  // guest path → content
  std::vector<std::string> overlays;               // "archive:/guest/dir" (rootfs Request form)
  std::string rootfs_flavor = "minimal";           // "full" when kselftest or LTP run
  bool kunit = false;                              // parse boot-time KTAP into kunit/<suite>
  // The runtest files the LTP tests run, in order; when `ltp_build` is set no
  // install was given (LTP=), so krun builds one for them (krun/ltp) and adds
  // it as an overlay at `ltp_dir`.
  std::vector<std::string> ltp_runtests;
  bool ltp_build = false;
  std::string ltp_dir;
  // What the chosen suites need of the kernel: suite → named fragment
  // (devices/fragments/<name>.config), checked before the boot.
  std::map<std::string, std::string> kconfig_fragments;
};

// One line per test name pattern, for `krun --list-tests`.
void print_test_list(std::ostream& out);

// Throws kc::Error(Usage) naming the bad test, parameter or timeout.
TestPlan plan_tests(const PlanRequest& request);

// Fills the request's inputs from krun's data: LTP's (ltp/runner.sh,
// ltp/release.yaml) when one of its tests is an LTP test, the shard
// program when the run is sharded, the suite scripts its suites run.
void add_guest_inputs(PlanRequest& request);

// True for file names of kunit test modules (*-test.ko, *_kunit.ko, ...).
bool is_kunit_module(const std::string& path);

}  // namespace krun::suites

#pragma once
// kbuild's command line, with TuxMake's option names and meanings. Parsing is
// pure (no file system access except reading @name config files), so it is
// unit tested directly.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kbuild {

struct Options {
  std::filesystem::path directory = ".";          // -C: the kernel source tree
  std::string target_arch;                        // -a: empty → the host's
  std::string toolchain = "gcc";                  // -t
  std::string kconfig = "defconfig";              // -k
  std::vector<std::string> kconfig_add;           // -K (ordered)
  std::string runtime = "podman";                 // -r
  std::string image;                              // -i: empty → kbuild::image::ensure()
  std::string image_registry;                     // --image-registry
  bool offline = false;                           // --offline: local images only
  std::filesystem::path junit;                    // --junit FILE: one JUnit case per target
  std::filesystem::path kcidb;                    // --kcidb FILE: KCIDB v5.3 report (checkout + build)
  std::string kcidb_origin = "kbuild";            // --kcidb-origin
  std::string kcidb_submit;                       // --kcidb-submit URL (token: $KCIDB_TOKEN)
  std::string kcidb_url_base;                     // --kcidb-url-base: artifact URLs under it
  std::string wrapper = "none";                   // -w
  std::map<std::string, std::string> environment; // -e K=V: for the build commands
  int jobs = 0;                                   // -j: 0 → number of CPUs
  std::filesystem::path output_dir;               // -o: empty → ~/.cache/kbuild/builds/N
  std::filesystem::path build_dir;                // -b: empty → temporary, removed afterwards
  bool quiet = false, verbose = false, debug = false;
  bool fail_fast = false;                         // -F
  std::string compression_type = "xz";            // -z
  std::string kernel_image;                       // -I: overrides the arch's image target
  std::vector<std::string> pre_build_hooks;
  std::vector<std::string> post_build_hooks;
  std::vector<std::string> results_hooks;
  // --external-module DIR (repeatable): out-of-tree modules built against this
  // kernel after the modules target, packed into modules.tar.xz (extra/).
  std::vector<std::filesystem::path> external_modules;
  bool bisect = false;
  std::vector<std::string> targets;               // positional; empty → the defaults
  std::map<std::string, std::string> make_variables;  // positional KEY=VALUE
  std::vector<std::string> make_variable_order;   // as given, for the reproducer line

  // Informational actions (each prints and exits).
  bool list_architectures = false, list_toolchains = false, list_runtimes = false,
       list_targets = false, print_support_matrix = false, check_environment = false,
       show_version = false;
};

// Targets built when none are given (TuxMake's defaults).
std::vector<std::string> default_targets();

// Make variables kbuild sets itself; a user value would silently break the
// build (ARCH, O, CC, CROSS_COMPILE, LLVM, ...).
const std::vector<std::string>& owned_make_variables();

struct ParseOutcome {
  Options options;
  bool exit_now = false;   // --help / --version printed
  int exit_code = 0;
  std::string help_text;   // what --help prints
};

// Parses argv (without argv[0]) after expanding config files: every `@name`
// argument is replaced by the words of <config_dir>/name; with no `@name`, the
// words of <config_dir>/default (when it exists) come first. Throws
// kc::Error(Usage) with a one-line message on bad input.
ParseOutcome parse_options(const std::vector<std::string>& args, const std::filesystem::path& config_dir);

// Splits a config file into words: whitespace separated, '#' to end of line is
// a comment, single or double quotes group words (no other shell syntax).
std::vector<std::string> split_config_words(const std::string& text);

// The command line that reproduces these options (for build.log's first line).
std::vector<std::string> reproducer_argv(const Options& o);

}  // namespace kbuild

#include "kbuild/options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/data_dir.h"
#include "common/errors.h"
#include "common/yaml_file.h"
#include "common/kcidb.h"

namespace kbuild {

namespace fs = std::filesystem;

std::vector<std::string> default_targets() {
  return {"config", "kernel", "xipkernel", "modules", "dtbs", "debugkernel", "headers"};
}

const std::vector<std::string>& owned_make_variables() {
  static const std::vector<std::string> owned = {
      "ARCH", "SRCARCH", "SUBARCH", "O", "CC", "HOSTCC", "CROSS_COMPILE", "LLVM", "LLVM_IAS",
      "KBUILD_OUTPUT", "KBUILD_BUILD_TIMESTAMP", "KBUILD_BUILD_USER", "KBUILD_BUILD_HOST",
      "INSTALL_MOD_PATH", "INSTALL_HDR_PATH", "INSTALL_DTBS_PATH", "KSFT_INSTALL_PATH",
      "KCONFIG_CONFIG", "DESTDIR"};
  return owned;
}

std::vector<std::string> split_config_words(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '#' && !in_word) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(cur);
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote) throw kc::usage_error("unterminated quote in a kbuild config file");
  if (in_word) words.push_back(cur);
  return words;
}

namespace {

std::vector<std::string> read_config_file(const fs::path& path) {
  std::ifstream in(path);
  if (!in)
    throw kc::usage_error("config file " + path.string() + " not found; create it or drop the @" +
                          path.filename().string() + " argument");
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return split_config_words(ss.str());
  } catch (const kc::Error& e) {
    throw kc::usage_error(std::string(e.what()) + " (" + path.string() + ")");
  }
}

std::vector<std::string> expand_config_files(const std::vector<std::string>& args, const fs::path& config_dir) {
  std::vector<std::string> out;
  bool any_named = std::any_of(args.begin(), args.end(),
                               [](const std::string& a) { return a.size() > 1 && a[0] == '@'; });
  if (!any_named && fs::is_regular_file(config_dir / "default")) out = read_config_file(config_dir / "default");
  for (const auto& a : args) {
    if (a.size() > 1 && a[0] == '@') {
      std::string name = a.substr(1);
      if (name.find('/') != std::string::npos)
        throw kc::usage_error("invalid config name '" + a + "': use @name for " + (config_dir / "name").string());
      auto words = read_config_file(config_dir / name);
      out.insert(out.end(), words.begin(), words.end());
    } else {
      out.push_back(a);
    }
  }
  return out;
}

// "NAME=value" with NAME a make/shell variable name. Scanned, not matched
// with std::regex: its recursion overflows the stack on a value of some tens
// of kilobytes (KCFLAGS=..., -e FOO=...).
// KEY=VALUE with KEY a variable name: an environment variable's, or with
// `make_name` one make takes too, such as the kernel's per-object flags
// (CFLAGS_traps.o=..., CFLAGS_REMOVE_foo.o=...).
bool split_key_value(const std::string& s, std::string& k, std::string& v, bool make_name = false) {
  auto head = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  auto tail = [&](char c) { return head(c) || (c >= '0' && c <= '9') || (make_name && (c == '.' || c == '-')); };
  if (s.empty() || !head(s[0])) return false;
  size_t n = 1;
  while (n < s.size() && tail(s[n])) ++n;
  if (n == s.size() || s[n] != '=') return false;
  k = s.substr(0, n);
  v = s.substr(n + 1);
  return true;
}

}  // namespace

ParseOutcome parse_options(const std::vector<std::string>& raw_args, const fs::path& config_dir) {
  std::vector<std::string> args = expand_config_files(raw_args, config_dir);
  ParseOutcome outcome;
  Options& o = outcome.options;
  std::vector<std::string> env_pairs, positional, external_modules;
  std::string directory = ".", output_dir, build_dir;

  CLI::App app{
      "kbuild: build a Linux kernel tree out-of-tree, reproducibly, in a container made for one\n"
      "toolchain and target architecture, writing the artifacts and metadata.json to an output folder.\n"
      "Positional arguments are targets (config, default, kernel, modules, dtbs, headers, debugkernel,\n"
      "xipkernel, kselftest, perf, cpupower, make:<target>) and KEY=VALUE make variables.\n"
      "Options may also come from ~/.config/kbuild/default, or ~/.config/kbuild/<name> given as @name.\n"
      "Exit codes: 0 ok, 1 usage or unsupported combination, 2 a target or hook failed, 3 infrastructure.\n"
      "Subcommands: `kbuild image <list|build|push|rm> ...` manages the build images;\n"
      "`kbuild matrix FILE [--format commands|json|github|gitlab]` prints CI jobs for a build matrix.",
      "kbuild"};
  // Later values win, so the command line overrides a config file.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.add_option("-C,--directory", directory, "Kernel source tree to build (default: the current directory)");
  app.add_option("-a,--target-arch", o.target_arch,
                 "Target architecture (default: the host's); see -A for the list");
  app.add_option("-t,--toolchain", o.toolchain, "Toolchain: gcc, gcc-12, clang-16, llvm, ...; see -T (default: gcc)");
  app.add_option("-k,--kconfig", o.kconfig,
                 "Base configuration: a *config make target (defconfig, tinyconfig, ...), a file, a path "
                 "inside the tree, or a URL (default: defconfig)");
  app.add_option("-K,--kconfig-add", o.kconfig_add,
                 "Add to the configuration (repeatable, in order): a fragment file, URL or in-tree path, a "
                 "CONFIG_X=y or '# CONFIG_X is not set' line, a name.config make target, a named fragment of the "
                 "project (kasan, debug-info, qemu-arm64...: an unknown name lists them all), or make:<target>. "
                 "Each requested symbol is checked in the final .config")->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("-r,--runtime", o.runtime, "Where the build runs: podman (default), docker (Debian's docker.io, the same images built "
                 "by docker) or null (the host)")->check(CLI::IsMember({"podman", "docker", "null"}));
  app.add_option("-i,--image", o.image,
                 "Container image to use instead of kbuild/<arch>_<toolchain> (found or built automatically)");
  app.add_option("--image-registry", o.image_registry, "Registry to pull kbuild images from before building them locally");
  app.add_flag("--offline", o.offline, "Use only images already present locally: never pull or build one");
  app.add_option("--junit", o.junit, "Also write a JUnit XML report (one case per target) to FILE, for CI systems");
  app.add_option("--kcidb", o.kcidb, "Also write a KCIDB v5.3 report (the checkout and this build) to FILE");
  app.add_option("--kcidb-origin", o.kcidb_origin, "KCIDB origin: your CI system's name, [a-z0-9_] (default: kbuild)");
  app.add_option("--kcidb-submit", o.kcidb_submit,
                 "POST the KCIDB report to URL (token from $KCIDB_TOKEN; retried on 5xx); needs --kcidb");
  app.add_option("--kcidb-url-base", o.kcidb_url_base,
                 "URL the output folder is published under, for the report's log and artifact URLs "
                 "(default: file:// URLs)");
  app.add_option("-w,--wrapper", o.wrapper, "Compiler wrapper: none (default), ccache, sccache or distcc "
                 "(distcc uses DISTCC_HOSTS from the environment)");
  app.add_option("-e,--environment", env_pairs, "KEY=VALUE environment variable for the build commands (repeatable)")->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("-j,--jobs", o.jobs, "Parallel make jobs (default: number of CPUs)")->check(CLI::PositiveNumber);
  app.add_option("-o,--output-dir", output_dir,
                 "Where artifacts, logs and metadata.json go (default: ~/.cache/kbuild/builds/<N>)");
  app.add_option("-b,--build-dir", build_dir,
                 "Build folder (make O=); kept for incremental builds (default: a temporary folder, removed)");
  app.add_flag("-q,--quiet", o.quiet, "Only warnings and errors; no live progress line");
  app.add_flag("-v,--verbose", o.verbose, "Show the commands and the full build output");
  app.add_flag("-d,--debug", o.debug, "Debug messages (implies --verbose)");
  app.add_flag("-F,--fail-fast", o.fail_fast, "Stop at the first failing target; the remaining ones are SKIP");
  app.add_option("-z,--compression-type", o.compression_type,
                 "Compression of tarball artifacts: xz (default), gz, zstd or none");
  app.add_option("-I,--kernel-image", o.kernel_image,
                 "Kernel image make target instead of the arch's default (e.g. Image instead of Image.gz)");
  app.add_option("--pre-build-hook", o.pre_build_hooks,
                 "Shell command run (sh -c) in the source tree before the build (repeatable)")->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--post-build-hook", o.post_build_hooks,
                 "Shell command run (sh -c) in the output dir after the build, whatever its result (repeatable)")->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--results-hook", o.results_hooks,
                 "Shell command run (sh -c) in the output dir after a successful build, e.g. "
                 "'krun --kbuild .' (repeatable); its failure makes kbuild exit 2")->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--external-module", external_modules,
                 "Out-of-tree module folder (with a Kbuild or Makefile) built against this kernel with "
                 "make M=... after the modules target and installed into modules.tar.xz under "
                 "lib/modules/<release>/extra/ (repeatable; needs the modules target)")->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_flag("--bisect", o.bisect,
               "Exit codes for `git bisect run`: 0 good, 125 cannot test (build or infrastructure failure), "
               "a results hook's own code (1 bad, 125 skip) when it fails");
  app.add_flag("-A,--list-architectures", o.list_architectures, "List supported architectures and exit");
  app.add_flag("-T,--list-toolchains", o.list_toolchains, "List supported toolchains and exit");
  app.add_flag("-R,--list-runtimes", o.list_runtimes, "List supported runtimes and exit");
  app.add_flag("--list-targets", o.list_targets, "List targets and exit");
  app.add_flag("-p,--print-support-matrix", o.print_support_matrix, "Print the architecture x toolchain matrix and exit");
  app.add_flag("--check-environment", o.check_environment,
               "Check that the runtime and image for -a/-t are ready, then exit");
  app.add_flag("-V,--version", o.show_version, "Print the version and exit");
  app.add_option("targets", positional, "Targets and KEY=VALUE make variables")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.allow_extras(false);
  outcome.help_text = app.help();

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    outcome.exit_now = true;
    return outcome;
  } catch (const CLI::ParseError& e) {
    throw kc::usage_error(std::string(e.what()) + " (see kbuild --help)");
  }

  o.directory = directory;
  o.output_dir = output_dir;
  o.build_dir = build_dir;
  if (o.debug) o.verbose = true;
  for (const auto& e : env_pairs) {
    std::string k, v;
    if (!split_key_value(e, k, v)) throw kc::usage_error("invalid -e '" + e + "': expected KEY=VALUE");
    o.environment[k] = v;
  }
  const auto& owned = owned_make_variables();
  for (const auto& p : positional) {
    std::string k, v;
    if (split_key_value(p, k, v, true)) {
      if (std::find(owned.begin(), owned.end(), k) != owned.end())
        throw kc::usage_error("make variable " + k + " is set by kbuild itself; use the matching option "
                              "(-a for ARCH, -t for CC/LLVM/CROSS_COMPILE, -b for O) instead");
      if (!o.make_variables.count(k)) o.make_variable_order.push_back(k);
      o.make_variables[k] = v;
    } else {
      o.targets.push_back(p);
    }
  }
  // The wrappers kbuild knows are its data files (kbuild/data/wrappers).
  if (o.wrapper != "none") {
    std::vector<std::string> known;
    for (const auto& f : kc::yaml_files_in(kc::data_dir("kbuild", "KBUILD_DATA_DIR") / "wrappers"))
      known.push_back(f.stem().string());
    if (std::find(known.begin(), known.end(), o.wrapper) == known.end())
      throw kc::usage_error(fmt::format("unknown wrapper '{}'; valid: none, {}", o.wrapper, fmt::join(known, ", ")));
  }
  static const std::vector<std::string> compressions = {"xz", "gz", "gzip", "zstd", "none"};
  if (std::find(compressions.begin(), compressions.end(), o.compression_type) == compressions.end())
    throw kc::usage_error("unknown compression type '" + o.compression_type + "'; valid: xz, gz, zstd, none");
  if (o.kconfig.empty()) throw kc::usage_error("-k/--kconfig must not be empty");
  kc::kcidb::check_options(o.kcidb_origin, o.kcidb.string(), o.kcidb_submit, o.kcidb_url_base);
  for (const auto& m : external_modules) {
    if (m.empty()) throw kc::usage_error("--external-module needs a folder; it was given an empty one");
    o.external_modules.push_back(m);
  }
  // With no targets the defaults apply, and they include modules.
  if (!o.external_modules.empty() && !o.targets.empty() &&
      std::find(o.targets.begin(), o.targets.end(), "modules") == o.targets.end())
    throw kc::usage_error("--external-module is built by the modules target, which was not asked for; "
                          "add `modules` to the targets");
  for (const char* var : {"M", "KBUILD_EXTMOD"})
    if (!o.external_modules.empty() && o.make_variables.count(var))
      throw kc::usage_error(std::string("make variable ") + var + " conflicts with --external-module, which sets M " +
                            "for each module folder; drop " + var + "=");
  return outcome;
}

std::vector<std::string> reproducer_argv(const Options& o) {
  std::vector<std::string> a = {"kbuild", "-C", o.directory.string(), "-a", o.target_arch, "-t", o.toolchain,
                                "-k", o.kconfig};
  for (const auto& k : o.kconfig_add) a.insert(a.end(), {"-K", k});
  a.insert(a.end(), {"-r", o.runtime});
  if (!o.image.empty()) a.insert(a.end(), {"-i", o.image});
  if (o.wrapper != "none") a.insert(a.end(), {"-w", o.wrapper});
  for (const auto& [k, v] : o.environment) a.insert(a.end(), {"-e", k + "=" + v});
  if (o.jobs > 0) a.insert(a.end(), {"-j", std::to_string(o.jobs)});
  if (!o.kernel_image.empty()) a.insert(a.end(), {"-I", o.kernel_image});
  if (o.compression_type != "xz") a.insert(a.end(), {"-z", o.compression_type});
  if (o.fail_fast) a.push_back("-F");
  for (const auto& m : o.external_modules) a.insert(a.end(), {"--external-module", m.string()});
  for (const auto& t : o.targets) a.push_back(t);
  for (const auto& k : o.make_variable_order) a.push_back(k + "=" + o.make_variables.at(k));
  return a;
}

}  // namespace kbuild

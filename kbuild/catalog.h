#pragma once
// What kbuild knows about architectures, toolchains and targets. All of it is
// data (kbuild/data/{arches,toolchains,targets,wrappers}/*.yaml) loaded at run time, so
// adding an architecture is a new YAML file, not new code.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kbuild {

struct Arch {
  std::string name;                    // kbuild's name, e.g. "arm64"
  std::vector<std::string> aliases;    // other accepted spellings ("aarch64")
  std::string arch;                    // make ARCH=
  std::string srcarch;                 // folder under arch/
  std::string cross_compile;           // CROSS_COMPILE prefix when cross-building
  std::string kernel_image;            // make target of the bootable image
  std::string kernel_path;             // where it lands, relative to the build dir
  bool dtbs = false;                   // has device trees
  std::string debian_arch;
  std::vector<std::string> native_machines;  // `uname -m` values that build natively
  std::map<std::string, std::string> make_variables;
};

struct Toolchain {
  std::string name;                    // "gcc-12", "clang-16", "llvm"
  std::string family;                  // gcc | clang | llvm
  std::string version;                 // "" for the distribution default
  // make variables; "{cross_compile}" is replaced with the effective prefix.
  std::map<std::string, std::string> make_variables;
  // The programs metadata.json asks for their versions and vmlinux's sizes
  // (templated like make_variables): the linker, size; binutils' by default.
  std::string linker = "{cross_compile}ld";
  std::string size_tool = "{cross_compile}size";
  std::string compiler_name;           // metadata.json compiler.name; default: the family
  std::vector<std::string> arches;     // architectures it can build for (its image recipe's)
  // arch → why its kernels do not work (a known miscompile): kbuild builds
  // them, since the user may want exactly that, but warns first.
  std::map<std::string, std::string> known_bad_arches;
  bool supports(const std::string& arch) const;
};

// A compiler wrapper (-w), kbuild/data/wrappers/<name>.yaml.
struct Wrapper {
  std::string name;
  std::string description;
  // Its folder: -e VAR=dir, $VAR, else <user cache>/kbuild/<name>; mounted
  // at /kbuild/<name> and given to the wrapper by this variable.
  std::string cache_variable;
  std::map<std::string, std::string> environment;  // templated ({build}: the build folder in the runtime)
  std::vector<std::string> host_variables;         // taken from -e or the environment, warned about when unset
  bool network = false;                            // the wrapper talks to other machines
  std::vector<std::string> zero_stats, print_stats;  // argv; empty: no statistics
  std::string stats_format;                        // how print_stats reads (wrapper_stats.h)
};

struct Artifact {
  std::string kind;      // results.artifacts key: kernel, modules, dtbs, ...
  std::string file;      // a file in the build dir, copied as is (templated)
  std::string tarball;   // a staging folder packed as <name>.tar.<z> (templated)
  std::string name;      // output name (file: defaults to its basename)
  bool compress = false; // file: written as <name>.<z> with -z (TuxMake's vmlinux.xz)
};

struct Target {
  std::string name;
  std::string description;
  std::vector<std::string> depends;
  std::vector<std::string> make_targets;           // templated
  std::vector<std::string> requires_config;        // all =y/=m, else SKIP
  bool requires_arch_dtbs = false;                 // SKIP on arches without dtbs
  // The two targets that do more than make: the one that runs the kconfig
  // plan (-k, -K, merge, olddefconfig) instead of make targets, and the one
  // whose install --external-module folders join.
  bool runs_kconfig_plan = false;
  bool takes_external_modules = false;
  std::vector<std::string> install_make_targets;   // run after make_targets
  // A tool's own folder (tools/perf): make runs there, -C <src>/<dir> with
  // O=<build>/<dir>, as the tool's Makefile is meant to be used (the kernel's
  // tools/<name>_install path does not build out of tree in every release).
  std::string make_dir;
  std::map<std::string, std::string> install_make_variables;  // templated
  std::map<std::string, std::string> make_variables;  // for make_targets (templated)
  // Files (a pattern) the make targets write next to the build folder, not
  // in it: the kernel's Debian packaging puts its .deb files in `..`. In a
  // container that parent is kbuild's own /kbuild, and kbuild moves them into
  // the build folder; on the host (-r null) it is the user's folder, so the
  // target is skipped rather than writing there.
  std::string written_to_parent;
  // A program the target runs after its make targets, if any (decode-stacktrace
  // runs the tree's scripts/decode_stacktrace.sh; dtbs-legacy copies what
  // make dtbs built): its argv (templated: {source} is the tree, {build} the
  // build folder, {staging} a fresh folder of its own), run in the build
  // folder with the toolchain's make variables (ARCH, CROSS_COMPILE...) in
  // its environment, standard input from a file of the build folder and
  // standard output into one. Relative names are in the build folder.
  std::vector<std::string> command;
  std::string command_stdin, command_stdout;
  std::string command_dir;  // where it runs, below the build folder (templated; default the build folder)
  // What the target needs besides its dependencies, else it is skipped
  // saying which file is missing: files of the build folder (a boot log the
  // user put there, vmlinux) and of the source tree (a script).
  std::vector<std::string> requires_build_files, requires_source_files;
  // Skipped when a file of the tree has a line starting so (dtbs-legacy:
  // the top Makefile's "dtbs_install:", which makes it the dtbs target's job).
  std::map<std::string, std::string> skip_when_source_has_line;
  std::vector<Artifact> artifacts;
  bool is_passthrough = false;                     // make:<target>
};

class Catalog {
 public:
  // Loads every YAML file under data_dir/{arches,toolchains,targets,wrappers}; each
  // toolchain's arches come from its image recipe under `recipes_dir`
  // (containers/toolchains/<name>.yaml; default data_dir/containers, as
  // installed). Throws kc::Error(Infrastructure) naming a broken file.
  static Catalog load(const std::filesystem::path& data_dir, const std::filesystem::path& recipes_dir = {});

  // Lookups; throw kc::Error(Usage) naming the unknown value and the valid ones.
  const Arch& arch(const std::string& name_or_alias) const;
  const Toolchain& toolchain(const std::string& name) const;
  const Wrapper& wrapper(const std::string& name) const;
  // "make:foo" gives a pass-through target building `foo`.
  Target target(const std::string& name) const;

  std::vector<std::string> arch_names() const;
  // Arches the kernel has that Debian's toolchains cannot build → why
  // (data_dir/unbuildable_arches.yaml).
  const std::map<std::string, std::string>& unbuildable_arches() const { return unbuildable_; }
  std::vector<std::string> toolchain_names() const;
  std::vector<std::string> target_names() const;
  std::vector<std::string> wrapper_names() const;
  // Every artifact kind a target declares (kernel, modules, dtbs, config...),
  // sorted: what hooks get a KBUILD_HOOK_<KIND> variable for.
  std::vector<std::string> artifact_kinds() const;

  // Adds entries directly (unit tests build small catalogs this way).
  void add(Arch a) { arches_[a.name] = std::move(a); }
  void add(Toolchain t) { toolchains_[t.name] = std::move(t); }
  void add(Target t) { targets_[t.name] = std::move(t); }

 private:
  std::map<std::string, Arch> arches_;
  std::map<std::string, Wrapper> wrappers_;
  std::map<std::string, Toolchain> toolchains_;
  std::map<std::string, Target> targets_;
  std::map<std::string, std::string> unbuildable_;
};

// Replaces {key} placeholders from vars; unknown placeholders are an error
// (a typo in a data file must not silently build the wrong thing). "{}"
// stays as written: it is find -exec's placeholder in a target's command.
std::string expand_template(const std::string& text, const std::map<std::string, std::string>& vars);

}  // namespace kbuild

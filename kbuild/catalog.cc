#include "kbuild/catalog.h"

#include "kbuild/artifact_pattern.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "common/errors.h"
#include "common/yaml_file.h"

namespace kbuild {

namespace fs = std::filesystem;

namespace {


Arch parse_arch(const YAML::Node& n, const fs::path& f) {
  Arch a;
  a.name = kc::yaml_string(n, "name", f);
  a.aliases = kc::yaml_string_list(n, "aliases", f);
  a.arch = kc::yaml_string(n, "arch", f);
  a.srcarch = kc::yaml_string(n, "srcarch", f);
  a.cross_compile = kc::yaml_string_or(n, "cross_compile");
  a.kernel_image = kc::yaml_string(n, "kernel_image", f);
  a.kernel_path = kc::yaml_string(n, "kernel_path", f);
  a.dtbs = kc::yaml_bool_or_false(n, "dtbs", f);
  a.debian_arch = kc::yaml_string_or(n, "debian_arch");
  a.native_machines = kc::yaml_string_list(n, "native_machines", f);
  a.make_variables = kc::yaml_string_map(n, "make_variables", f);
  return a;
}

Toolchain parse_toolchain(const YAML::Node& n, const fs::path& f) {
  Toolchain t;
  t.name = kc::yaml_string(n, "name", f);
  t.family = kc::yaml_string(n, "family", f);
  t.version = kc::yaml_string_or(n, "version");
  t.make_variables = kc::yaml_string_map(n, "make_variables", f);
  t.linker = kc::yaml_string_or(n, "linker", t.linker);
  t.size_tool = kc::yaml_string_or(n, "size_tool", t.size_tool);
  t.compiler_name = kc::yaml_string_or(n, "compiler_name", t.family);
  if (n["arches"])
    throw kc::infra_error(fmt::format("data file {}: a toolchain's arches are its image recipe's "
                                      "(containers/toolchains/{}.yaml), not listed here",
                                      f.string(), t.name));
  t.known_bad_arches = kc::yaml_string_map(n, "known_bad_arches", f);
  return t;
}

Wrapper parse_wrapper(const YAML::Node& n, const fs::path& f) {
  Wrapper w;
  w.name = kc::yaml_string(n, "name", f);
  w.description = kc::yaml_string_or(n, "description");
  w.cache_variable = kc::yaml_string(n, "cache_variable", f);
  w.environment = kc::yaml_string_map(n, "environment", f);
  w.host_variables = kc::yaml_string_list(n, "host_variables", f);
  w.network = kc::yaml_bool_or_false(n, "network", f);
  w.zero_stats = kc::yaml_string_list(n, "zero_stats", f);
  w.print_stats = kc::yaml_string_list(n, "print_stats", f);
  w.stats_format = kc::yaml_string_or(n, "stats_format");
  return w;
}

Target parse_target(const YAML::Node& n, const fs::path& f) {
  Target t;
  t.name = kc::yaml_string(n, "name", f);
  t.description = kc::yaml_string_or(n, "description");
  t.depends = kc::yaml_string_list(n, "depends", f);
  t.make_targets = kc::yaml_string_list(n, "make_targets", f);
  t.requires_config = kc::yaml_string_list(n, "requires_config", f);
  t.requires_arch_dtbs = kc::yaml_bool_or_false(n, "requires_arch_dtbs", f);
  t.runs_kconfig_plan = kc::yaml_bool_or_false(n, "runs_kconfig_plan", f);
  t.takes_external_modules = kc::yaml_bool_or_false(n, "takes_external_modules", f);
  t.make_dir = kc::yaml_string_or(n, "make_dir");
  t.make_variables = kc::yaml_string_map(n, "make_variables", f);
  t.written_to_parent = kc::yaml_string_or(n, "written_to_parent");
  if (t.written_to_parent.find('/') != std::string::npos)
    throw kc::infra_error(f.string() + ": written_to_parent is a file name pattern (*.deb), not a path");
  if (t.make_dir.find("..") != std::string::npos || t.make_dir.starts_with("/"))
    throw kc::infra_error(f.string() + ": make_dir must be a folder of the tree, e.g. tools/perf");
  t.command = kc::yaml_string_list(n, "command", f);
  t.command_stdin = kc::yaml_string_or(n, "command_stdin");
  t.command_stdout = kc::yaml_string_or(n, "command_stdout");
  t.command_dir = kc::yaml_string_or(n, "command_dir");
  if (t.command_dir.find("..") != std::string::npos || t.command_dir.starts_with("/"))
    throw kc::infra_error(f.string() + ": command_dir must be a folder of the build folder");
  t.requires_build_files = kc::yaml_string_list(n, "requires_build_files", f);
  t.requires_source_files = kc::yaml_string_list(n, "requires_source_files", f);
  t.skip_when_source_has_line = kc::yaml_string_map(n, "skip_when_source_has_line", f);
  if (!t.command.empty() && n["install"])
    throw kc::infra_error(f.string() + ": a target with a command has no install step (the command is its last step)");
  std::vector<std::string> source_lines_files;
  for (const auto& [file, prefix] : t.skip_when_source_has_line) source_lines_files.push_back(file);
  for (const auto* names : {&t.requires_build_files, &t.requires_source_files, &source_lines_files})
    for (const auto& name : *names)
      if (name.find("..") != std::string::npos || name.starts_with("/"))
        throw kc::infra_error(f.string() + ": required file " + name + " must be a path inside its folder");
  for (const auto& name : {t.command_stdin, t.command_stdout})
    if (name.find('/') != std::string::npos)
      throw kc::infra_error(f.string() + ": command_stdin/command_stdout name a file of the build folder, not a path");
  if (n["install"]) {
    t.install_make_targets = kc::yaml_string_list(n["install"], "make_targets", f);
    t.install_make_variables = kc::yaml_string_map(n["install"], "make_variables", f);
  }
  if (n["artifacts"])
    for (const auto& a : n["artifacts"]) {
      Artifact art;
      art.kind = kc::yaml_string(a, "kind", f);
      art.file = kc::yaml_string_or(a, "file");
      art.tarball = kc::yaml_string_or(a, "tarball");
      art.name = kc::yaml_string_or(a, "name");
      art.compress = kc::yaml_bool_or_false(a, "compress", f);
      if (art.file.empty() == art.tarball.empty())
        throw kc::infra_error("data file " + f.string() + ": an artifact needs exactly one of file/tarball");
      if (art.compress && art.file.empty())
        throw kc::infra_error("data file " + f.string() + ": 'compress' is for a file artifact (tarballs are always)");
      if (is_file_pattern(art.file) && !art.name.empty())
        throw kc::infra_error("data file " + f.string() + ": artifact " + art.file +
                              " is a pattern; each file it matches keeps its own name, so it takes no 'name'");
      t.artifacts.push_back(art);
    }
  return t;
}

template <typename T, typename Parse>
void load_dir(const fs::path& dir, std::map<std::string, T>& into, Parse parse) {
  for (const auto& f : kc::yaml_files_in(dir)) {
    T item;
    try {
      item = parse(kc::load_yaml_file(f), f);
    } catch (const YAML::Exception& e) {
      throw kc::infra_error("data file " + f.string() + " is invalid: " + e.what());
    }
    if (item.name != f.stem().string())
      throw kc::infra_error("data file " + f.string() + ": name '" + item.name + "' must match the file name");
    into[item.name] = std::move(item);
  }
}

template <typename M>
std::vector<std::string> keys(const M& m) {
  std::vector<std::string> out;
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

// The arches a toolchain builds for are the ones its image recipe installs
// a compiler for (containers/toolchains/<name>.yaml): one list, read by
// kbuild's validation and the image builder alike, so a combination that
// passes the one cannot fail in the other.
void read_recipe_arches(const fs::path& recipes_dir, Toolchain& t) {
  const fs::path recipe = recipes_dir / "toolchains" / (t.name + ".yaml");
  if (!fs::exists(recipe))
    throw kc::infra_error(fmt::format("toolchain {} has no image recipe {} (its arches are listed there); "
                                      "reinstall, or set KBUILD_DATA_DIR",
                                      t.name, recipe.string()));
  try {
    t.arches = kc::yaml_string_list(kc::load_yaml_file(recipe), "arches", recipe);
  } catch (const YAML::Exception& e) {
    throw kc::infra_error("data file " + recipe.string() + " is invalid: " + e.what());
  }
  for (const auto& [arch, why] : t.known_bad_arches)
    if (!t.supports(arch))
      throw kc::infra_error(fmt::format("toolchain {}: known_bad_arches names '{}', which {} does not list",
                                        t.name, arch, recipe.string()));
}

}  // namespace

bool Toolchain::supports(const std::string& a) const {
  return std::find(arches.begin(), arches.end(), a) != arches.end();
}

Catalog Catalog::load(const fs::path& data_dir, const fs::path& recipes_dir) {
  Catalog c;
  load_dir(data_dir / "arches", c.arches_, parse_arch);
  load_dir(data_dir / "toolchains", c.toolchains_, parse_toolchain);
  for (auto& [name, t] : c.toolchains_)
    read_recipe_arches(recipes_dir.empty() ? data_dir / "containers" : recipes_dir, t);
  load_dir(data_dir / "targets", c.targets_, parse_target);
  load_dir(data_dir / "wrappers", c.wrappers_, parse_wrapper);
  if (const auto file = data_dir / "unbuildable_arches.yaml"; std::filesystem::exists(file))
    for (const auto& kv : kc::load_yaml_file(file)) c.unbuildable_[kv.first.as<std::string>()] = kv.second.as<std::string>();
  if (c.arches_.empty() || c.toolchains_.empty() || c.targets_.empty())
    throw kc::infra_error("data folder " + data_dir.string() +
                          " has no arches/toolchains/targets; reinstall, or set KBUILD_DATA_DIR");
  return c;
}

const Arch& Catalog::arch(const std::string& name) const {
  if (auto it = arches_.find(name); it != arches_.end()) return it->second;
  for (const auto& [_, a] : arches_)
    if (std::find(a.aliases.begin(), a.aliases.end(), name) != a.aliases.end()) return a;
  if (auto it = unbuildable_.find(name); it != unbuildable_.end())
    throw kc::usage_error("architecture '" + name + "' cannot be built here: " + it->second);
  throw kc::usage_error("unknown architecture '" + name + "'; valid: " + fmt::format("{}", fmt::join(arch_names(), ", ")) +
                        " (see kbuild -A)");
}

const Toolchain& Catalog::toolchain(const std::string& name) const {
  if (auto it = toolchains_.find(name); it != toolchains_.end()) return it->second;
  throw kc::usage_error("unknown toolchain '" + name + "'; valid: " + fmt::format("{}", fmt::join(toolchain_names(), ", ")) +
                        " (see kbuild -T)");
}

Target Catalog::target(const std::string& name) const {
  if (name.rfind("make:", 0) == 0) {
    std::string make_target = name.substr(5);
    if (make_target.empty() || make_target.find_first_of(" \t\n=") != std::string::npos)
      throw kc::usage_error("invalid target '" + name + "': make:<target> needs a make target name");
    Target t;
    t.name = name;
    t.description = "make " + make_target;
    t.depends = {"config"};
    t.make_targets = {make_target};
    t.is_passthrough = true;
    return t;
  }
  if (auto it = targets_.find(name); it != targets_.end()) return it->second;
  throw kc::usage_error("unknown target '" + name + "'; valid: " + fmt::format("{}", fmt::join(target_names(), ", ")) +
                        ", make:<target> (see kbuild -R)");
}

std::vector<std::string> Catalog::arch_names() const { return keys(arches_); }
std::vector<std::string> Catalog::wrapper_names() const { return keys(wrappers_); }

const Wrapper& Catalog::wrapper(const std::string& name) const {
  if (auto it = wrappers_.find(name); it != wrappers_.end()) return it->second;
  throw kc::usage_error("unknown wrapper '" + name + "'; valid: none, " +
                        fmt::format("{}", fmt::join(wrapper_names(), ", ")));
}
std::vector<std::string> Catalog::toolchain_names() const { return keys(toolchains_); }
std::vector<std::string> Catalog::target_names() const { return keys(targets_); }

std::vector<std::string> Catalog::artifact_kinds() const {
  std::set<std::string> kinds;
  for (const auto& [name, t] : targets_)
    for (const auto& a : t.artifacts) kinds.insert(a.kind);
  return {kinds.begin(), kinds.end()};
}

std::string expand_template(const std::string& text, const std::map<std::string, std::string>& vars) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string::npos) {
      out += text.substr(i);
      break;
    }
    size_t close = text.find('}', open);
    if (close == std::string::npos) throw kc::infra_error("unterminated '{' in data value '" + text + "'");
    out += text.substr(i, open - i);
    std::string key = text.substr(open + 1, close - open - 1);
    if (key.empty()) {  // "{}" is no placeholder of ours: find -exec's own, kept as written
      out += "{}";
      i = close + 1;
      continue;
    }
    auto it = vars.find(key);
    if (it == vars.end()) throw kc::infra_error("unknown placeholder {" + key + "} in data value '" + text + "'");
    out += it->second;
    i = close + 1;
  }
  return out;
}

}  // namespace kbuild

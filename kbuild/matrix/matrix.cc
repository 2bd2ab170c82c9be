#include "kbuild/matrix/matrix.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/errors.h"
#include "common/yaml_file.h"

namespace kbuild::matrix {

namespace {

const std::set<std::string> kAxes = {"arch", "toolchain", "kconfig"};

std::vector<std::string> string_list(const YAML::Node& node, const std::string& where) {
  if (node.IsScalar()) return {node.as<std::string>()};
  if (!node.IsSequence()) throw kc::usage_error(where + " must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : node) {
    if (!item.IsScalar()) throw kc::usage_error(where + " must be a list of strings");
    out.push_back(item.as<std::string>());
  }
  return out;
}

std::map<std::string, std::string> axis_map(const YAML::Node& node, const std::string& where) {
  if (!node.IsMap()) throw kc::usage_error(where + " must be a mapping like {arch: x86_64, toolchain: gcc-12}");
  std::map<std::string, std::string> out;
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (!kAxes.count(key)) throw kc::usage_error(where + ": unknown axis '" + key + "' (arch, toolchain, kconfig)");
    if (!kv.second.IsScalar()) throw kc::usage_error(where + "." + key + " must be a string");
    out[key] = kv.second.as<std::string>();
  }
  return out;
}

bool matches(const std::map<std::string, std::string>& rule, const std::map<std::string, std::string>& combo) {
  return std::all_of(rule.begin(), rule.end(), [&](const auto& kv) { return combo.at(kv.first) == kv.second; });
}

Job make_job(const Matrix& m, const std::string& arch, const std::string& toolchain, const std::string& kconfig) {
  Job j;
  j.arch = arch;
  j.toolchain = toolchain;
  j.kconfig = kconfig;
  j.name = job_name(arch, toolchain, kconfig);
  j.output_dir = (std::filesystem::path(m.output_root) / j.name).string();
  auto& a = j.kbuild_args;
  if (!m.runtime.empty()) a.insert(a.end(), {"-r", m.runtime});
  a.insert(a.end(), {"-a", arch, "-t", toolchain, "-k", kconfig});
  for (const auto& k : m.kconfig_add) a.insert(a.end(), {"-K", k});
  if (auto it = m.arch_kconfig_add.find(arch); it != m.arch_kconfig_add.end())
    for (const auto& k : it->second) a.insert(a.end(), {"-K", k});
  a.insert(a.end(), m.kbuild_args.begin(), m.kbuild_args.end());
  a.insert(a.end(), {"-o", j.output_dir});
  a.insert(a.end(), m.targets.begin(), m.targets.end());
  if (auto it = m.boot.find(arch); it != m.boot.end()) {
    j.device = it->second;
    j.krun_args = {"--device", j.device, "--kbuild", j.output_dir};
    j.krun_args.insert(j.krun_args.end(), m.krun_args.begin(), m.krun_args.end());
  }
  return j;
}

}  // namespace

std::string job_name(const std::string& arch, const std::string& toolchain, const std::string& kconfig) {
  std::string name = arch + "-" + toolchain + "-" + kconfig;
  for (auto& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '_';
  return name;
}

Matrix parse(const YAML::Node& root, const std::string& origin) {
  if (!root.IsMap()) throw kc::usage_error(origin + ": a matrix file is a YAML mapping (see docs/workflows.md)");
  Matrix m;
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    std::string where = origin + ": " + key;
    const YAML::Node& v = kv.second;
    if (key == "arch") m.arches = string_list(v, where);
    else if (key == "toolchain") m.toolchains = string_list(v, where);
    else if (key == "kconfig") m.kconfigs = string_list(v, where);
    else if (key == "kconfig_add") m.kconfig_add = string_list(v, where);
    else if (key == "targets") m.targets = string_list(v, where);
    else if (key == "kbuild_args") m.kbuild_args = string_list(v, where);
    else if (key == "krun_args") m.krun_args = string_list(v, where);
    else if (key == "runtime" || key == "output_root") {
      if (!v.IsScalar()) throw kc::usage_error(where + " must be a string");
      (key == "runtime" ? m.runtime : m.output_root) = v.as<std::string>();
    } else if (key == "arch_kconfig_add" || key == "boot") {
      if (!v.IsMap()) throw kc::usage_error(where + " must be a mapping from arch to " +
                                            (key == "boot" ? "a device" : "a list of fragments"));
      for (const auto& e : v) {
        std::string arch = e.first.as<std::string>();
        if (key == "boot") {
          if (!e.second.IsScalar()) throw kc::usage_error(where + "." + arch + " must be a device name");
          m.boot[arch] = e.second.as<std::string>();
        } else {
          m.arch_kconfig_add[arch] = string_list(e.second, where + "." + arch);
        }
      }
    } else if (key == "exclude" || key == "include") {
      if (!v.IsSequence()) throw kc::usage_error(where + " must be a list of mappings");
      for (size_t i = 0; i < v.size(); ++i)
        (key == "exclude" ? m.exclude : m.include).push_back(axis_map(v[i], where + "[" + std::to_string(i) + "]"));
    } else {
      throw kc::usage_error(origin + ": unknown key '" + key +
                            "' (arch, toolchain, kconfig, kconfig_add, arch_kconfig_add, targets, runtime, "
                            "kbuild_args, boot, krun_args, output_root, exclude, include)");
    }
  }
  for (size_t i = 0; i < m.include.size(); ++i)
    for (const auto& axis : kAxes)
      if (!m.include[i].count(axis))
        throw kc::usage_error(origin + ": include[" + std::to_string(i) + "] needs " + axis);
  if (m.include.empty() && (m.arches.empty() || m.toolchains.empty() || m.kconfigs.empty()))
    throw kc::usage_error(origin + ": arch, toolchain and kconfig must each list at least one value (or use include)");
  return m;
}

Matrix load(const std::filesystem::path& file) { return parse(kc::load_yaml_file(file), file.string()); }

std::vector<Job> expand(const Matrix& m) {
  std::vector<Job> jobs;
  std::set<std::string> seen;
  auto add = [&](const std::string& a, const std::string& t, const std::string& k) {
    if (seen.insert(job_name(a, t, k)).second) jobs.push_back(make_job(m, a, t, k));
  };
  for (const auto& a : m.arches)
    for (const auto& t : m.toolchains)
      for (const auto& k : m.kconfigs) {
        std::map<std::string, std::string> combo = {{"arch", a}, {"toolchain", t}, {"kconfig", k}};
        if (std::none_of(m.exclude.begin(), m.exclude.end(), [&](const auto& rule) { return matches(rule, combo); }))
          add(a, t, k);
      }
  for (const auto& inc : m.include) add(inc.at("arch"), inc.at("toolchain"), inc.at("kconfig"));
  return jobs;
}

}  // namespace kbuild::matrix

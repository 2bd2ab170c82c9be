#include "kbuild/kconfig_reuse.h"

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/sha256.h"

namespace kbuild {

namespace fs = std::filesystem;

namespace {

// Part of every key: changing what a key covers must invalidate old stamps.
constexpr int kKeyFormat = 1;

bool read_by_kconfig(const std::string& rel, const std::string& name, const std::string& srcarch) {
  if (name == "Kconfig" || name.starts_with("Kconfig.")) return true;
  const std::string arch_dir = "arch/" + srcarch + "/";
  if (rel == "Makefile" || rel == arch_dir + "Makefile") return true;
  if (rel.starts_with("scripts/kconfig/") || rel.starts_with("kernel/configs/") ||
      rel.starts_with(arch_dir + "configs/"))
    return true;
  // scripts/cc-version.sh, ld-version.sh...: called by scripts/Kconfig.include.
  return rel.starts_with("scripts/") && rel.find('/', 8) == std::string::npos && fs::path(name).extension() == ".sh";
}

nlohmann::json plan_json(const KconfigPlan& plan) {
  nlohmann::json steps = nlohmann::json::array(), fragments = nlohmann::json::array();
  for (const auto& s : plan.steps)
    steps.push_back({{"kind", static_cast<int>(s.kind)}, {"make_target", s.make_target}, {"content", s.content},
                     {"fragment_names", s.fragment_names}});
  for (const auto& f : plan.fragments) fragments.push_back({{"name", f.name}, {"content", f.content}});
  return {{"steps", steps}, {"fragments", fragments}};
}

// The stamp's "<field> <value>" lines.
std::map<std::string, std::string> read_stamp(const fs::path& p) {
  std::map<std::string, std::string> fields;
  std::istringstream in(kc::read_file(p));
  std::string line;
  while (std::getline(in, line)) {
    auto space = line.find(' ');
    if (space != std::string::npos) fields[line.substr(0, space)] = line.substr(space + 1);
  }
  return fields;
}

}  // namespace

std::string kconfig_tree_digest(const fs::path& source_dir, const std::string& srcarch) {
  const std::string root = source_dir.string();
  std::vector<std::pair<std::string, fs::path>> files;  // relative path, full path
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(source_dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    std::string name = p.filename().string();
    if (name == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    std::string rel = p.string().substr(root.size() + (root.back() == '/' ? 0 : 1));
    if (read_by_kconfig(rel, name, srcarch) && it->is_regular_file()) files.emplace_back(rel, p);
  }
  // Directory order is the file system's: sort so equal trees give equal digests.
  std::sort(files.begin(), files.end());
  std::string listing;
  for (const auto& [rel, p] : files) listing += rel + '\0' + kc::sha256_file(p) + '\n';
  return kc::sha256_hex(listing);
}

std::string kconfig_key(const KconfigPlan& plan, const KconfigKeyInputs& in) {
  nlohmann::json variables = nlohmann::json::array();
  for (const auto& [k, v] : toolchain_variables(in.make)) variables.push_back({k, v});
  for (const auto& k : in.make.user_variable_order) variables.push_back({k, in.make.user_variables.at(k)});
  nlohmann::json key = {{"format", kKeyFormat},
                        {"plan", plan_json(plan)},
                        {"srcarch", in.make.arch.srcarch},
                        {"toolchain", in.make.toolchain.name},
                        {"make_variables", variables},
                        {"environment", in.environment},
                        {"runtime", in.runtime},
                        {"image_name", in.image_name},
                        {"image_digest", in.image_digest},
                        {"tree", in.tree_digest}};
  return kc::sha256_hex(key.dump());
}

fs::path kconfig_stamp_path(const fs::path& build_dir) { return build_dir / "kbuild-kconfig" / "inputs.key"; }

void write_kconfig_stamp(const fs::path& build_dir, const std::string& key) {
  fs::create_directories(kconfig_stamp_path(build_dir).parent_path());
  kc::write_file_atomic(kconfig_stamp_path(build_dir),
                        "key " + key + "\nconfig " + kc::sha256_file(build_dir / ".config") + "\n");
}

bool config_reusable(const fs::path& build_dir, const std::string& key) {
  fs::path stamp = kconfig_stamp_path(build_dir), config = build_dir / ".config";
  if (!fs::is_regular_file(stamp) || !fs::is_regular_file(config)) return false;
  auto fields = read_stamp(stamp);
  return fields["key"] == key && fields["config"] == kc::sha256_file(config);
}

}  // namespace kbuild

#include "kbuild/kconfig_plan.h"

#include <algorithm>

#include <optional>
#include <sstream>

#include "common/atomic_file.h"
#include "common/download.h"
#include "common/errors.h"
#include "common/kconfig_line.h"

namespace kbuild {

namespace fs = std::filesystem;

namespace {

// A name too long for a path (ENAMETOOLONG), or otherwise not statable, is
// no file: the value is then read as what else it can be, or is a usage error.
bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}


fs::path resolve(const fs::path& p, const fs::path& cwd) { return p.is_absolute() || cwd.empty() ? p : cwd / p; }

// A host path (relative to cwd) first, then a path inside the kernel tree.
bool find_file(const std::string& what, const KconfigInputs& in, fs::path& found) {
  fs::path host = resolve(what, in.cwd);
  if (is_file(host)) {
    found = host;
    return true;
  }
  if (!fs::path(what).is_absolute() && is_file(in.source_dir / what)) {
    found = in.source_dir / what;
    return true;
  }
  return false;
}

// "tinyconfig", "x86_64_defconfig", "tiny.config".
bool is_config_make_target(const std::string& s) {
  if (!s.ends_with("config")) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

bool is_fragment_name(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string fragment_names(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".config") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

bool is_inline_config_line(const std::string& s) {
  return kc::kconfig_line(s).has_value();
}

std::map<std::string, std::string> parse_config_symbols(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (auto kv = kc::kconfig_line(line)) out[kv->first] = kv->second;
  }
  return out;
}

KconfigPlan plan_kconfig(const std::string& kconfig, const std::vector<std::string>& adds, const KconfigInputs& in) {
  KconfigPlan plan;
  std::map<std::string, RequestedSymbol> requested;
  std::vector<std::string> order;
  auto remember = [&](const std::string& text, const std::string& origin) {
    for (const auto& [sym, val] : parse_config_symbols(text)) {
      if (!requested.count(sym)) order.push_back(sym);
      requested[sym] = {sym, val, origin};
    }
  };

  // Base configuration.
  fs::path file;
  if (kc::is_url(kconfig) && kconfig.rfind("file://", 0) != 0) {
    plan.steps.push_back({KconfigStep::Kind::CopyBase, "", in.fetch(kconfig), {}, kconfig});
  } else if (kconfig.rfind("file://", 0) == 0) {
    fs::path p = kconfig.substr(7);
    if (!is_file(p)) throw kc::usage_error("kconfig file " + p.string() + " (from " + kconfig + ") not found");
    plan.steps.push_back({KconfigStep::Kind::CopyBase, "", kc::read_file(p), {}, kconfig});
  } else if (find_file(kconfig, in, file)) {
    plan.steps.push_back({KconfigStep::Kind::CopyBase, "", kc::read_file(file), {}, kconfig});
  } else if (is_config_make_target(kconfig) && kconfig.find('/') == std::string::npos) {
    plan.steps.push_back({KconfigStep::Kind::MakeTarget, kconfig, "", {}, kconfig});
  } else {
    throw kc::usage_error("kconfig '" + kconfig + "' is not a file, a path in the tree, a URL or a *config make target");
  }

  // Fragments and make targets, in order.
  auto add_fragment = [&](const std::string& content, const std::string& origin) {
    char name[32];
    std::snprintf(name, sizeof name, "%03zu.config", plan.fragments.size() + 1);
    plan.fragments.push_back({name, content, origin});
    remember(content, origin);
    if (plan.steps.back().kind != KconfigStep::Kind::Merge)
      plan.steps.push_back({KconfigStep::Kind::Merge, "", "", {}, origin});
    plan.steps.back().fragment_names.push_back(name);
  };
  for (const auto& add : adds) {
    if (is_inline_config_line(add)) {
      add_fragment(add + "\n", add);
    } else if (add.rfind("make:", 0) == 0) {
      std::string target = add.substr(5);
      if (target.empty() || target.find_first_of(" \t=") != std::string::npos)
        throw kc::usage_error("invalid -K '" + add + "': make:<target> needs a make target name");
      plan.steps.push_back({KconfigStep::Kind::MakeTarget, target, "", {}, add});
    } else if (kc::is_url(add) && add.rfind("file://", 0) != 0) {
      add_fragment(in.fetch(add), add);
    } else if (add.rfind("file://", 0) == 0) {
      fs::path p = add.substr(7);
      if (!is_file(p)) throw kc::usage_error("kconfig fragment " + p.string() + " (from -K " + add + ") not found");
      add_fragment(kc::read_file(p), add);
    } else if (find_file(add, in, file)) {
      add_fragment(kc::read_file(file), add);
    } else if (add.size() > 7 && add.ends_with(".config") && add.find('/') == std::string::npos) {
      // name.config: the kernel's own fragment make target (kernel/configs or
      // arch/<srcarch>/configs). Read it when present so its symbols get checked.
      fs::path k = in.source_dir / "kernel/configs" / add, a = in.source_dir / "arch" / in.srcarch / "configs" / add;
      if (is_file(k)) remember(kc::read_file(k), add);
      else if (is_file(a)) remember(kc::read_file(a), add);
      else
        throw kc::usage_error("kconfig fragment '" + add + "' not found: not a file here, nor in the tree's "
                              "kernel/configs or arch/" + in.srcarch + "/configs");
      plan.steps.push_back({KconfigStep::Kind::MakeTarget, add, "", {}, add});
    } else if (add.find('/') != std::string::npos || add.ends_with(".config")) {
      throw kc::usage_error("kconfig fragment file '" + add + "' not found");
    } else if (is_fragment_name(add)) {
      // NAME: one of the project's named fragments (qemu-arm64, virtio-9p, rcutorture, ...).
      fs::path named = in.named_fragments_dir / (add + ".config");
      if (in.named_fragments_dir.empty() || !is_file(named))
        throw kc::usage_error("-K " + add + ": no such named fragment; known: " +
                              fragment_names(in.named_fragments_dir) + " (or give a file, URL, CONFIG_X=value or "
                              "name.config)");
      add_fragment(kc::read_file(named), add);
    } else {
      throw kc::usage_error("invalid -K '" + add + "': expected a fragment file, URL, in-tree path, "
                            "CONFIG_X=value, '# CONFIG_X is not set', name.config or make:<target>");
    }
  }
  // A *config make target alone leaves a resolved .config (conf wrote it):
  // olddefconfig would only say "No change" after 4.5 s of make on 2 cores.
  // A copied base or a merged fragment needs it.
  bool lone_make_target = plan.steps.size() == 1 && plan.steps[0].kind == KconfigStep::Kind::MakeTarget;
  if (!lone_make_target)
    plan.steps.push_back({KconfigStep::Kind::Olddefconfig, "olddefconfig", "", {}, "olddefconfig"});
  for (const auto& s : order) plan.requested.push_back(requested[s]);
  return plan;
}

}  // namespace kbuild

#include "kbuild/kconfig_plan.h"

#include <algorithm>

#include <fstream>
#include <optional>
#include <sstream>

#include "common/download.h"
#include "common/errors.h"

namespace kbuild {

namespace fs = std::filesystem;

namespace {

// A name too long for a path (ENAMETOOLONG), or otherwise not statable, is
// no file: the value is then read as what else it can be, or is a usage error.
bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// "CONFIG_FOO=value" → {CONFIG_FOO, value}; "# CONFIG_FOO is not set" →
// {CONFIG_FOO, n}. Scanned, not matched with std::regex, whose recursion
// overflows the stack on a value of some tens of kilobytes (a long
// CONFIG_CMDLINE, a fragment line gone wrong).
bool symbol_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Length of the symbol at the start of `s` ("CONFIG_" and at least one more
// character), 0 when there is none.
size_t config_symbol_length(std::string_view s) {
  if (!s.starts_with("CONFIG_")) return 0;
  size_t n = 7;
  while (n < s.size() && symbol_char(s[n])) ++n;
  return n > 7 ? n : 0;
}

std::optional<std::pair<std::string, std::string>> config_line(std::string_view s) {
  if (size_t n = config_symbol_length(s); n && n < s.size() && s[n] == '=')
    return std::pair{std::string(s.substr(0, n)), std::string(s.substr(n + 1))};
  constexpr std::string_view unset_prefix = "# ", unset_suffix = " is not set";
  if (s.starts_with(unset_prefix) && s.ends_with(unset_suffix)) {
    std::string_view sym = s.substr(unset_prefix.size(), s.size() - unset_prefix.size() - unset_suffix.size());
    if (config_symbol_length(sym) == sym.size() && !sym.empty()) return std::pair{std::string(sym), std::string("n")};
  }
  return std::nullopt;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
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

bool is_config_make_target(const std::string& s) {
  if (!s.ends_with("config")) return false;
  for (char c : s)
    if (!symbol_char(c) && c != '.' && c != '-') return false;
  return true;
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
  return config_line(s).has_value();
}

std::map<std::string, std::string> parse_config_symbols(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (auto kv = config_line(line)) out[kv->first] = kv->second;
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
    plan.steps.push_back({KconfigStep::Kind::CopyBase, "", read_text(p), {}, kconfig});
  } else if (find_file(kconfig, in, file)) {
    plan.steps.push_back({KconfigStep::Kind::CopyBase, "", read_text(file), {}, kconfig});
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
      add_fragment(read_text(p), add);
    } else if (find_file(add, in, file)) {
      add_fragment(read_text(file), add);
    } else if (add.size() > 7 && add.ends_with(".config") && add.find('/') == std::string::npos) {
      // name.config: the kernel's own fragment make target (kernel/configs or
      // arch/<srcarch>/configs). Read it when present so its symbols get checked.
      fs::path k = in.source_dir / "kernel/configs" / add, a = in.source_dir / "arch" / in.srcarch / "configs" / add;
      if (is_file(k)) remember(read_text(k), add);
      else if (is_file(a)) remember(read_text(a), add);
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
      add_fragment(read_text(named), add);
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

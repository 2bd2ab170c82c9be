#include "krun/rootfs/debian_index.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <sstream>

#include "common/errors.h"
#include "common/text_lines.h"

namespace krun::rootfs {

namespace {

std::string trim(std::string_view s) { return std::string(kc::trim_blanks(s)); }

// "a (>= 1) | b:any, c" → {{a, b}, {c}}: versions and arch qualifiers are
// dropped because one suite has exactly one version of each package.
std::vector<std::vector<std::string>> parse_relations(const std::string& field) {
  std::vector<std::vector<std::string>> out;
  std::stringstream all(field);
  std::string group;
  while (std::getline(all, group, ',')) {
    std::vector<std::string> alts;
    std::stringstream g(group);
    std::string alt;
    while (std::getline(g, alt, '|')) {
      std::string name = trim(alt.substr(0, alt.find_first_of("([<")));
      name = name.substr(0, name.find(':'));
      if (!name.empty()) alts.push_back(name);
    }
    if (!alts.empty()) out.push_back(alts);
  }
  return out;
}

}  // namespace

std::map<std::string, IndexFile> parse_release_sha256(const std::string& text) {
  std::map<std::string, IndexFile> out;
  std::istringstream in(text);
  std::string line;
  bool in_sha = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line[0] != ' ') {
      in_sha = line == "SHA256:";
      continue;
    }
    if (!in_sha) continue;
    std::istringstream f(line);
    IndexFile file;
    std::string path;
    if (f >> file.sha256 >> file.size >> path) out[path] = file;
  }
  if (out.empty()) throw kc::infra_error("the Release file lists no SHA256 hashes");
  return out;
}

namespace {

// The Release file's single-line fields (Suite, Codename, Date, ...).
std::map<std::string, std::string> release_fields(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == ' ') continue;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    out.emplace(line.substr(0, colon), value);
  }
  return out;
}

// Release dates are RFC 2822 in UTC: "Sat, 10 Aug 2024 09:13:45 UTC".
std::optional<std::time_t> release_time(const std::string& value) {
  std::tm tm{};
  const char* end = strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (!end) return std::nullopt;
  return timegm(&tm);
}

}  // namespace

void check_release_identity(const std::string& text, const std::string& suite, std::time_t now) {
  auto f = release_fields(text);
  std::string names = f.count("Suite") ? f["Suite"] : "";
  if (f.count("Codename")) names += (names.empty() ? "" : "/") + f["Codename"];
  if (suite != f["Suite"] && suite != f["Codename"])
    throw kc::infra_error("the mirror's signed Release for " + suite + " is " +
                          (names.empty() ? std::string("for no named suite") : "for " + names) +
                          ": refusing it (a wrong or downgraded mirror); check --mirror");
  if (f.count("Valid-Until")) {
    auto until = release_time(f["Valid-Until"]);
    if (!until) throw kc::infra_error("the Release for " + suite + " has an unreadable Valid-Until: " + f["Valid-Until"]);
    if (*until < now)
      throw kc::infra_error("the mirror's Release for " + suite + " expired (Valid-Until " + f["Valid-Until"] +
                            "): a stale mirror or a replay; use an up-to-date --mirror");
  }
  if (f.count("Date")) {
    auto date = release_time(f["Date"]);
    if (date && *date > now + 24 * 3600)
      throw kc::infra_error("the Release for " + suite + " is dated " + f["Date"] +
                            ", in the future: check this machine's clock");
  }
}

std::map<std::string, Package> parse_packages(const std::string& text) {
  std::map<std::string, Package> out;
  std::istringstream in(text);
  std::string line;
  Package p;
  std::string depends, pre_depends;
  auto flush = [&] {
    if (!p.name.empty()) {
      p.depends = parse_relations(pre_depends);
      auto d = parse_relations(depends);
      p.depends.insert(p.depends.end(), d.begin(), d.end());
      out[p.name] = p;
    }
    p = Package{};
    depends.clear();
    pre_depends.clear();
  };
  while (std::getline(in, line)) {
    if (trim(line).empty()) {
      flush();
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') continue;  // continuation (descriptions)
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (key == "Package") p.name = value;
    else if (key == "Version") p.version = value;
    else if (key == "Architecture") p.architecture = value;
    else if (key == "Filename") p.filename = value;
    else if (key == "SHA256") p.sha256 = value;
    else if (key == "Size") {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), p.size);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty())
        throw kc::infra_error("the mirror's Packages index has a bad Size '" + value + "' for " +
                              (p.name.empty() ? std::string("a package") : p.name) + ": a broken mirror?");
    }
    else if (key == "Depends") depends = value;
    else if (key == "Pre-Depends") pre_depends = value;
    else if (key == "Provides")
      for (auto& alts : parse_relations(value)) p.provides.push_back(alts[0]);
  }
  flush();
  return out;
}

std::vector<Package> resolve_packages(const std::map<std::string, Package>& index,
                                      const std::vector<std::string>& wanted, bool with_depends,
                                      const std::string& where) {
  std::map<std::string, std::string> provider;  // virtual name → a real package
  for (const auto& [name, p] : index)
    for (const auto& v : p.provides) provider.emplace(v, name);
  auto find = [&](const std::string& name) -> const Package* {
    if (auto it = index.find(name); it != index.end()) return &it->second;
    if (auto it = provider.find(name); it != provider.end()) return &index.at(it->second);
    return nullptr;
  };
  std::set<std::string> chosen;
  std::vector<const Package*> todo;
  for (const auto& w : wanted) {
    const Package* p = find(w);
    if (!p) throw kc::usage_error("package '" + w + "' is not in " + where);
    if (chosen.insert(p->name).second) todo.push_back(p);
  }
  while (with_depends && !todo.empty()) {
    const Package* p = todo.back();
    todo.pop_back();
    for (const auto& alts : p->depends) {
      if (std::any_of(alts.begin(), alts.end(), [&](const std::string& a) { return chosen.count(a) > 0; }))
        continue;
      const Package* dep = nullptr;
      for (const auto& a : alts)
        if ((dep = find(a))) break;
      if (!dep)
        throw kc::usage_error("package '" + p->name + "' depends on '" + alts[0] + "', which is not in " + where);
      if (chosen.insert(dep->name).second) todo.push_back(dep);
    }
  }
  std::vector<Package> out;
  for (const auto& n : chosen) out.push_back(index.at(n));
  return out;
}

}  // namespace krun::rootfs

#include "kbuild/target_order.h"

#include <algorithm>
#include <set>

#include "common/errors.h"

namespace kbuild {

namespace {

void visit(const Catalog& catalog, const std::string& name, std::set<std::string>& active,
           std::set<std::string>& done, std::vector<Target>& out) {
  if (done.count(name)) return;
  if (active.count(name)) throw kc::infra_error("targets data: dependency cycle through '" + name + "'");
  active.insert(name);
  Target t = catalog.target(name);
  for (const auto& dep : t.depends) visit(catalog, dep, active, done, out);
  active.erase(name);
  done.insert(name);
  out.push_back(std::move(t));
}

}  // namespace

std::vector<Target> order_targets(const Catalog& catalog, const std::vector<std::string>& requested) {
  std::vector<Target> out;
  std::set<std::string> active, done;
  visit(catalog, "config", active, done, out);
  for (const auto& name : requested) visit(catalog, name, active, done, out);
  return out;
}

}  // namespace kbuild

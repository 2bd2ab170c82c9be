#include "kbuild/target_order.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace kbuild {
namespace {

Target target(std::string name, std::vector<std::string> depends = {}) {
  Target t;
  t.name = std::move(name);
  t.depends = std::move(depends);
  return t;
}

Catalog small_catalog() {
  Catalog c;
  c.add(target("config"));
  c.add(target("kernel", {"config"}));
  c.add(target("modules", {"config", "kernel"}));
  c.add(target("loop_a", {"loop_b"}));
  c.add(target("loop_b", {"loop_a"}));
  return c;
}

std::vector<std::string> names(const std::vector<Target>& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.name);
  return out;
}

TEST(TargetOrder, ConfigFirstDependenciesBeforeDependentsNoDuplicates) {
  EXPECT_EQ(names(order_targets(small_catalog(), {"modules", "kernel", "modules"})),
            (std::vector<std::string>{"config", "kernel", "modules"}));
  EXPECT_EQ(names(order_targets(small_catalog(), {})), std::vector<std::string>{"config"});
}

TEST(TargetOrder, PassThroughTargetsAndErrors) {
  EXPECT_EQ(names(order_targets(small_catalog(), {"make:htmldocs"})),
            (std::vector<std::string>{"config", "make:htmldocs"}));
  EXPECT_THROW(order_targets(small_catalog(), {"nope"}), kc::Error);
  EXPECT_THROW(order_targets(small_catalog(), {"loop_a"}), kc::Error);
}

}  // namespace
}  // namespace kbuild

#include "kbuild/target_order.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace kbuild {
namespace {

Catalog small_catalog() {
  Catalog c;
  c.add(Target{.name = "config"});
  c.add(Target{.name = "kernel", .depends = {"config"}});
  c.add(Target{.name = "modules", .depends = {"config", "kernel"}});
  c.add(Target{.name = "loop_a", .depends = {"loop_b"}});
  c.add(Target{.name = "loop_b", .depends = {"loop_a"}});
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

#include "common/image_builder.h"

#include <gtest/gtest.h>

TEST(DebianPackageName, PolicyNamesAndOptionalArchQualifier) {
  for (bool qualifier : {false, true}) {
    EXPECT_TRUE(kc::is_debian_package_name("qemu-system-x86", qualifier));
    EXPECT_TRUE(kc::is_debian_package_name("libstdc++6", qualifier));
    EXPECT_TRUE(kc::is_debian_package_name("gcc-12.2", qualifier));
    EXPECT_FALSE(kc::is_debian_package_name("a", qualifier));            // two characters at least
    EXPECT_FALSE(kc::is_debian_package_name("-rf", qualifier));          // starts with an alphanumeric
    EXPECT_FALSE(kc::is_debian_package_name("Bash", qualifier));         // lower case only
    EXPECT_FALSE(kc::is_debian_package_name("make; rm -rf /", qualifier));
    EXPECT_FALSE(kc::is_debian_package_name("", qualifier));
  }
  EXPECT_TRUE(kc::is_debian_package_name("libc6-dev:arm64", true));
  EXPECT_FALSE(kc::is_debian_package_name("libc6-dev:arm64", false));
  EXPECT_FALSE(kc::is_debian_package_name("libc6-dev:", true));
}

TEST(DebianPackageName, RecipeListsAreCheckedWhole) {
  EXPECT_NO_THROW(kc::require_debian_package_names({"make", "libc6-dev:arm64"}, true));
  EXPECT_THROW(kc::require_debian_package_names({"make", "libc6-dev:arm64"}, false), kc::Error);
  EXPECT_THROW(kc::require_debian_package_names({"make", "bc; reboot"}, true), kc::Error);
}

TEST(RecipeLists, SortedUniqueIgnoresOrderAndRepeats) {
  EXPECT_EQ(kc::sorted_unique({"qemu-system-x86", "opensbi", "qemu-system-x86"}),
            (std::vector<std::string>{"opensbi", "qemu-system-x86"}));
}

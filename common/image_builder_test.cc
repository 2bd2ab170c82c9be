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

#include "common/size_caps.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/errors.h"

namespace kc {
namespace {

TEST(SizeCaps, ParsesBinaryUnits) {
  EXPECT_EQ(parse_size("4096", "X"), 4096u);
  EXPECT_EQ(parse_size("64K", "X"), 64u << 10);
  EXPECT_EQ(parse_size("512M", "X"), 512u << 20);
  EXPECT_EQ(parse_size("512MiB", "X"), 512u << 20);
  EXPECT_EQ(parse_size("8g", "X"), 8ull << 30);
  EXPECT_EQ(parse_size("2GB", "X"), 2ull << 30);
  EXPECT_EQ(parse_size("1T", "X"), 1ull << 40);
}

TEST(SizeCaps, RefusesWhatIsNotAPositiveSize) {
  for (const char* bad : {"", "0", "-1", "1.5G", "12Q", "G", "99999999999999999999", "17179869184T", "1 G"}) {
    try {
      parse_size(bad, "KRUN_MAX_CONSOLE_LOG");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Usage);
      EXPECT_NE(std::string(e.what()).find("KRUN_MAX_CONSOLE_LOG"), std::string::npos) << e.what();
    }
  }
}

TEST(SizeCaps, HumanSizes) {
  EXPECT_EQ(human_size(100), "100 bytes");
  EXPECT_EQ(human_size(1536), "1.5 KiB");
  EXPECT_EQ(human_size(512ull << 20), "512 MiB");
  EXPECT_EQ(human_size(50ull << 30), "50 GiB");
}

TEST(SizeCaps, TheEnvironmentRaisesACap) {
  constexpr SizeCap cap{"KC_TEST_SIZE_CAP", 1024, "a test"};
  unsetenv(cap.env_var);
  EXPECT_EQ(cap.bytes(), 1024u);
  setenv(cap.env_var, "3M", 1);
  EXPECT_EQ(cap.bytes(), 3u << 20);
  EXPECT_EQ(cap.describe(), "3 MiB (KC_TEST_SIZE_CAP raises it)");
  setenv(cap.env_var, "nonsense", 1);
  EXPECT_THROW(cap.bytes(), Error);
  unsetenv(cap.env_var);
}

}  // namespace
}  // namespace kc

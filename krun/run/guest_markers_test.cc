#include "krun/run/guest_markers.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

TEST(GuestMarkers, FullProtocolWithKernelPrefixes) {
  GuestMarkers m;
  m.on_line(1, "[    0.000000] Linux version 6.1");
  EXPECT_FALSE(m.booted());
  m.on_line(2, "<<KRUN>> BOOT");
  m.on_line(3, "<<KRUN>> MODULE foo 0");
  m.on_line(4, "[    1.2] random: crng <<KRUN>> START command-1");
  EXPECT_NE(m.running(), nullptr);
  m.on_line(5, "hello");
  m.on_line(6, "<<KRUN>> END command-1 3\r");
  EXPECT_EQ(m.running(), nullptr);
  m.on_line(7, "<<KRUN>> START command-2");
  m.on_line(8, "<<KRUN>> END command-2 0");
  m.on_line(9, "<<KRUN>> DONE");
  EXPECT_TRUE(m.booted());
  EXPECT_EQ(m.boot_line(), 2u);
  EXPECT_TRUE(m.done());
  ASSERT_EQ(m.tests().size(), 2u);
  EXPECT_EQ(m.tests()[0].name, "command-1");
  EXPECT_EQ(*m.tests()[0].exit_code, 3);
  EXPECT_EQ(m.tests()[0].first_line, 4u);
  EXPECT_EQ(m.tests()[0].last_line, 6u);
  EXPECT_EQ(*m.tests()[1].exit_code, 0);
  ASSERT_EQ(m.modules().size(), 1u);
  EXPECT_EQ(m.modules()[0].name, "foo");
}

TEST(GuestMarkers, UnfinishedTestAndGarbage) {
  GuestMarkers m;
  m.on_line(1, "<<KRUN>> START t");
  m.on_line(2, "<<KRUN>> END t notanumber");
  m.on_line(3, "<<KRUN>>BOOT");
  m.on_line(4, "<<KRUN>> WHATEVER");
  EXPECT_FALSE(m.booted());
  ASSERT_EQ(m.tests().size(), 1u);
  EXPECT_FALSE(m.tests()[0].exit_code.has_value());
  EXPECT_NE(m.running(), nullptr);
}

}  // namespace
}  // namespace krun

#include "krun/console/message_text.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

TEST(MessageText, PlainLineIsUnchanged) {
  EXPECT_EQ(message_text("BUG: foo"), "BUG: foo");
  EXPECT_EQ(message_text(" foo+0x1/0x2"), " foo+0x1/0x2");
  EXPECT_EQ(message_text(""), "");
}

TEST(MessageText, StripsTimestamp) {
  EXPECT_EQ(message_text("[    1.234567] BUG: foo"), "BUG: foo");
  EXPECT_EQ(message_text("[12345.5] BUG: foo"), "BUG: foo");
}

TEST(MessageText, KeepsIndentationAfterTimestamp) {
  EXPECT_EQ(message_text("[    1.234567]  foo+0x1/0x2"), " foo+0x1/0x2");
}

TEST(MessageText, StripsLogLevelAndCallerIds) {
  EXPECT_EQ(message_text("<4>[    1.234567][    T1] WARNING: x"), "WARNING: x");
  EXPECT_EQ(message_text("<6>[    1.234567] [  C1] rcu: x"), "rcu: x");
  EXPECT_EQ(message_text("[ T123] Oops: 0000"), "Oops: 0000");
  EXPECT_EQ(message_text("<0>Kernel panic - not syncing: x"), "Kernel panic - not syncing: x");
  EXPECT_EQ(message_text("<12>[    1.000000][  T99]  foo+0x1/0x2"), " foo+0x1/0x2");
}

TEST(MessageText, FindsKernelLineAfterUserspaceBytes) {
  EXPECT_EQ(message_text("step 1 done[    4.501700] Call Trace:"), "Call Trace:");
}

TEST(MessageText, DoesNotMistakeBracketedNumbersForTimestamps) {
  EXPECT_EQ(message_text("value [1.5] here"), "value [1.5] here");
  EXPECT_EQ(message_text("[T] not a caller"), "[T] not a caller");
  EXPECT_EQ(message_text("<x>text"), "<x>text");
}

}  // namespace
}  // namespace krun

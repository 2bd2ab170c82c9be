#include "common/signals.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "common/errors.h"

namespace kc::signals {
namespace {

TEST(Signals, StopIfReceivedThrowsIncompleteNamingTheSignalAndTheStage) {
  install();
  reset();
  EXPECT_NO_THROW(stop_if_received("building the rootfs"));
  ::raise(SIGINT);
  try {
    stop_if_received("building the rootfs");
    ADD_FAILURE() << "no exception after SIGINT";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Incomplete);
    EXPECT_STREQ(e.what(), "interrupted by SIGINT while building the rootfs");
  }
  reset();
  EXPECT_NO_THROW(stop_if_received("building the rootfs"));
}

}  // namespace
}  // namespace kc::signals

#include "kbuild/build_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace kbuild {
namespace {

TEST(DiagnosticCounter, CountsErrorsAndWarningsAcrossChunks) {
  DiagnosticCounter c;
  c.feed("init/main.c:12:3: warn");
  c.feed("ing: unused variable 'x'\n  CC      kernel/fork.o\n");
  c.feed("drivers/a.c:1:1: error: expected ';'\nmake[2]: *** [scripts/Makefile.build:250: a.o] Error 1\n");
  c.feed("ld: warning: creating DT_TEXTREL\nno newline error: at end");
  c.finish();
  EXPECT_EQ(c.warnings(), 2);
  EXPECT_EQ(c.errors(), 3);
}

TEST(DiagnosticCounter, IgnoresWordsThatOnlyLookLikeDiagnostics) {
  DiagnosticCounter c;
  c.feed("  CC      drivers/base/firmware_loader/fallback_error.o\n  LD      errors.o\n");
  c.finish();
  EXPECT_EQ(c.errors(), 0);
  EXPECT_EQ(c.warnings(), 0);
}

// A line of megabytes (a long KCFLAGS echoed by make) is scanned in linear
// time and stack, and still counted.
TEST(DiagnosticCounter, HugeLinesAreCountedWithoutRecursion) {
  DiagnosticCounter c;
  std::string huge(4 * 1024 * 1024, 'x');
  c.feed(huge + " error: at the end\n");
  c.feed("make: *** " + huge + " Error 2\n");
  c.feed(huge + "\n");
  c.finish();
  EXPECT_EQ(c.errors(), 2);
}

// An unended line is held only up to a bound: the rest is scanned as it
// comes. A diagnostic anywhere on it, also across the cut, still counts once.
TEST(DiagnosticCounter, AnEndlessLineIsJudgedInBoundedMemory) {
  DiagnosticCounter c;
  const std::string mb(1 << 20, 'x');
  for (int i = 0; i < 200; ++i) c.feed(mb);  // 200 MB without a newline
  c.feed(" error: at the end\n");
  c.finish();
  EXPECT_EQ(c.errors(), 1);
  for (size_t k = 64 * 1024 - 40; k < 64 * 1024 + 40; ++k) {
    for (const std::string& tail : {std::string(" error: straddling"), std::string(":warning: straddling"),
                                    std::string("*** [x] Error 2"), std::string("error:at line start?"),
                                    std::string("failed to distribute")}) {
      DiagnosticCounter d;
      std::string l = std::string(k, 'y') + tail + "\n";
      for (size_t i = 0; i < l.size(); i += 7) d.feed(std::string_view(l).substr(i, 7));
      d.finish();
      if (tail.starts_with(" error") || tail.starts_with("***")) EXPECT_EQ(d.errors(), 1) << k << tail;
      else if (tail.starts_with(":warning")) EXPECT_EQ(d.warnings(), 1) << k << tail;
      else if (tail.starts_with("failed")) EXPECT_EQ(d.distcc_fallbacks(), 1) << k << tail;
      else EXPECT_EQ(d.errors(), 0) << k << tail;  // "yerror:" is not a diagnostic
    }
  }
}

TEST(DiagnosticCounter, CountsDistccFallbacks) {
  DiagnosticCounter c;
  c.feed("distcc[123] (dcc_build_somewhere) Warning: failed to distribute, running locally instead\n"
         "distcc[124] (dcc_build_somewhere) Warning: failed to distribute, running locally instead\n");
  c.finish();
  EXPECT_EQ(c.distcc_fallbacks(), 2);
  EXPECT_EQ(c.warnings(), 0);
}

TEST(BuildLog, FirstLineIsTheReproducerAndDebugLogIsTimestamped) {
  auto dir = std::filesystem::temp_directory_path() / ("kbuild-log-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  {
    BuildLog log(dir, "kbuild -a arm64");
    log.output("line one\nline ");
    log.output("two\n");
    log.flush();
  }
  std::ifstream in(dir / "build.log");
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "kbuild -a arm64");
  std::stringstream dbg;
  dbg << std::ifstream(dir / "build-debug.log").rdbuf();
  EXPECT_NE(dbg.str().find("] line two\n"), std::string::npos);
  EXPECT_EQ(dbg.str().front(), '[');
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kbuild

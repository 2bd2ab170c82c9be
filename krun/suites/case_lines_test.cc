#include "krun/suites/case_lines.h"

#include <gtest/gtest.h>


#include "krun/suites/testdata_reader.h"

namespace krun::suites {
namespace {

// A recorded console through a parser, its test starting at the START marker.
template <typename Parser>
void feed_recorded(Parser& p, const std::string& file) {
  testing::feed_file(testing::testdata(file), [&](size_t n, const std::string& line) {
    if (line.find("<<KRUN>> START") != std::string::npos) p.start(n);
    else p.on_line(n, line);
  });
}

TEST(CaseMarkers, EachMarkerIsACaseOwningTheLinesSinceThePreviousOne) {
  CaseMarkerParser p;
  p.start(10);
  p.on_line(11, "krun: modprobe test_foo");
  p.on_line(12, "<<KRUN>> CASE pass test_foo");
  p.on_line(13, "krun: modprobe test_bar");
  p.on_line(14, "[    3.1] BUG: kernel NULL pointer dereference, address: 0000000000000000");
  p.on_line(15, "[    3.2] <<KRUN>> CASE fail test_bar modprobe failed: Killed");
  p.on_line(16, "<<KRUN>> CASE maybe weird");  // not a result word: not a case
  p.on_line(17, "<<KRUN>> CASE skip");         // no name
  ASSERT_EQ(p.cases().size(), 2u);
  EXPECT_EQ(p.cases()[0].name, "test_foo");
  EXPECT_EQ(p.cases()[0].outcome, Outcome::Pass);
  EXPECT_EQ(p.cases()[0].first_line, 11u);
  EXPECT_EQ(p.cases()[0].last_line, 12u);
  EXPECT_EQ(p.cases()[1].name, "test_bar");
  EXPECT_EQ(p.cases()[1].outcome, Outcome::Fail);
  EXPECT_EQ(p.cases()[1].reason, "modprobe failed: Killed");
  EXPECT_EQ(p.cases()[1].first_line, 13u);
  EXPECT_EQ(p.cases()[1].last_line, 15u);
}

TEST(PerfParser, RecordedPerfTestOutput) {
  PerfParser p;
  feed_recorded(p, "perf_test.log");
  const auto& c = p.cases();
  ASSERT_EQ(c.size(), 9u);
  EXPECT_EQ(c[0].name, "_1_vmlinux_symtab_matches_kallsyms");  // LKFT's name for it
  EXPECT_EQ(c[0].outcome, Outcome::Skip);
  EXPECT_EQ(c[1].name, "_2_Detect_openat_syscall_event");
  EXPECT_EQ(c[1].outcome, Outcome::Pass);
  EXPECT_EQ(c[3].name, "_4_Read_samples_using_the_mmap_interface");
  EXPECT_EQ(c[3].outcome, Outcome::Fail);
  EXPECT_EQ(c[3].reason, "FAILED!");
  EXPECT_EQ(c[5].name, "_6_1_Test_event_parsing");
  EXPECT_EQ(c[6].name, "_6_2_Parsing_of_all_PMU_events_from_sysfs");
  EXPECT_EQ(c[6].reason, "not root");
  EXPECT_EQ(c[6].first_line, c[5].last_line + 1);  // the kernel line in between is 6.2's
  EXPECT_EQ(c[8].name, "_73_Check_branch_stack_sampling");
  EXPECT_EQ(c[8].reason, "Not supported");
}

// A real one, colours and CRLF included.
TEST(PerfParser, RecordedPerfTestOnTheX86_64SystemKernel) {
  PerfParser p;
  feed_recorded(p, "perf_test_x86_64.log");
  const auto& c = p.cases();
  ASSERT_EQ(c.size(), 15u);
  int pass = 0, fail = 0, skip = 0;
  for (const auto& one : c) {
    pass += one.outcome == Outcome::Pass;
    fail += one.outcome == Outcome::Fail;
    skip += one.outcome == Outcome::Skip;
  }
  EXPECT_EQ(pass, 4);
  EXPECT_EQ(fail, 2);
  EXPECT_EQ(skip, 9);
  EXPECT_EQ(c[1].name, "_2_Detect_openat_syscall_event");
  EXPECT_EQ(c[1].reason, "permissions");
  EXPECT_EQ(c[3].name, "_4_1_Read_samples_using_the_mmap_interface");
  EXPECT_EQ(c[3].outcome, Outcome::Fail);
  EXPECT_EQ(c[14].name, "_7_Simple_expression_parser");
}

TEST(PerfParser, LkftsSlugRules) {
  EXPECT_EQ(perf_case_name(" 12: Session topology :"), "_12_Session_topology");
  EXPECT_EQ(perf_case_name(" 9: x86 rdpmc -- counts :"), "_9_x86_rdpmc_-_counts");
  EXPECT_EQ(perf_case_name("  3: Test (a) & (b) :"), "_3_Test_a_b");
}

}  // namespace
}  // namespace krun::suites

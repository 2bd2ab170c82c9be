#include "kbuild/wrapper_stats.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

TEST(WrapperStats, CcachePrintStats) {
  auto j = parse_wrapper_stats("ccache", "cache_miss\t3\ndirect_cache_hit\t10\npreprocessed_cache_hit\t2\nfiles_in_cache\t7\n");
  EXPECT_EQ(j["cache_hits"], 12);
  EXPECT_EQ(j["cache_misses"], 3);
  EXPECT_TRUE(parse_wrapper_stats("ccache", "ccache: unknown option --print-stats\n").is_null());
}

TEST(WrapperStats, SccacheJson) {
  auto j = parse_wrapper_stats("sccache", R"({"stats":{"cache_hits":{"counts":{"C/C++":40,"Rust":2}},"cache_misses":{"counts":{"C/C++":5}}}})");
  EXPECT_EQ(j["cache_hits"], 42);
  EXPECT_EQ(j["cache_misses"], 5);
  EXPECT_EQ(parse_wrapper_stats("sccache", R"({"stats":{"cache_hits":{"counts":{}},"cache_misses":{"counts":{}}}})")["cache_hits"], 0);
  EXPECT_TRUE(parse_wrapper_stats("sccache", "not json").is_null());
}

TEST(WrapperStats, OnlyCachesHaveStats) {
  EXPECT_TRUE(wrapper_zero_stats_argv("distcc").empty());
  EXPECT_TRUE(wrapper_stats_argv("none").empty());
  EXPECT_EQ(wrapper_zero_stats_argv("sccache"), (std::vector<std::string>{"sccache", "--zero-stats"}));
}

}  // namespace
}  // namespace kbuild

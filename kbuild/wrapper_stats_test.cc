#include "kbuild/wrapper_stats.h"

#include <gtest/gtest.h>

#include "common/errors.h"
#include "kbuild/catalog.h"

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

// Each wrapper is data (kbuild/data/wrappers): the caches have statistics,
// distcc has none; "none" is no wrapper at all.
TEST(WrapperStats, OnlyCachesHaveStats) {
  Catalog c = Catalog::load(std::filesystem::path(KPROJECT_SOURCE_DIR) / "kbuild/data",
                            std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers");
  EXPECT_TRUE(c.wrapper("distcc").zero_stats.empty());
  EXPECT_TRUE(c.wrapper("distcc").network);
  EXPECT_THROW(c.wrapper("none"), kc::Error);
  EXPECT_EQ(c.wrapper("sccache").zero_stats, (std::vector<std::string>{"sccache", "--zero-stats"}));
  EXPECT_EQ(c.wrapper("ccache").stats_format, "ccache");
  EXPECT_EQ(c.wrapper_names(), (std::vector<std::string>{"ccache", "distcc", "sccache"}));
}

}  // namespace
}  // namespace kbuild

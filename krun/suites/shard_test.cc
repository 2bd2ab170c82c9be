// rootfs/shard.awk, the guest's cut of a test list into TuxRun's shards,
// run with this machine's awk against GNU split's `-n l/I/N`, the cut
// TuxRun's test definitions use.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/atomic_file.h"
#include "common/process.h"

namespace {

namespace fs = std::filesystem;

std::string run(std::vector<std::string> argv) {
  kc::ProcessOptions o;
  o.argv = std::move(argv);
  o.env = {{"LC_ALL", "C"}};
  auto r = kc::run_process(o);
  EXPECT_TRUE(r.ok()) << r.err;
  return r.out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  return out;
}

TEST(Shard, TheShardsAreDisjointTheirUnionIsTheListAndEachIsSplitsChunk) {
  fs::path dir = fs::temp_directory_path() / ("krun-shard-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string awk = (fs::path(KPROJECT_SOURCE_DIR) / "rootfs" / "shard.awk").string();
  // Lists of LTP-like lines of uneven length, and lists shorter than the shard count.
  std::vector<std::string> lists;
  std::string ltp;
  for (int i = 0; i < 37; ++i)
    ltp += "test" + std::to_string(i) + std::string(static_cast<size_t>(i * 7 % 23), 'x') + " cmd --opt " +
           std::to_string(i) + "\n";
  lists.push_back(ltp);
  lists.push_back("a\nb\nc\nd\ne\n");
  lists.push_back("only-one-test\n");
  lists.push_back("size:test_1\nsize:test_2\ntimers:posix_timers\ntimers:nanosleep\ntimers:raw_skew\n");
  for (const std::string& list : lists) {
    fs::path file = dir / "list";
    kc::write_file_atomic(file, list);
    for (int n = 1; n <= 7; ++n) {
      std::vector<std::string> united;
      for (int i = 1; i <= n; ++i) {
        std::string shard = run({"awk", "-v", "shard=" + std::to_string(i), "-v", "number=" + std::to_string(n), "-f",
                                  awk, file.string(), file.string()});
        std::string split = run({"split", "-n", "l/" + std::to_string(i) + "/" + std::to_string(n), file.string()});
        EXPECT_EQ(shard, split) << "shard " << i << " of " << n << " of:\n" << list;
        for (auto& l : lines(shard)) united.push_back(l);
      }
      EXPECT_EQ(united, lines(list)) << n << " shards";
    }
  }
  fs::remove_all(dir);
}

}  // namespace

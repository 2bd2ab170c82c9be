#include "krun/suites/kselftest_catalogue.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/errors.h"

namespace krun::suites {
namespace {

namespace fs = std::filesystem;

TEST(KselftestCatalogue, CollectionsFromTheInstallsOwnListWithTuxRunsNames) {
  fs::path dir = fs::temp_directory_path() / ("krun-ksft-cat-" + std::to_string(getpid()));
  fs::create_directories(dir / "install" / "kselftest");
  kc::write_file_atomic(dir / "install" / "kselftest" / "kselftest-list.txt",
                        "size:get_size\ntimers:posix_timers\ntimers:nanosleep\nnet/forwarding:router.sh\n"
                        "net/forwarding:bridge_vlan_aware.sh\nnet:reuseport_bpf\n");
  kc::write_file_atomic(dir / "install" / "kselftest" / "run_kselftest.sh", "#!/bin/sh\n");
  kc::create_tar_from_dir(dir / "install", dir / "kselftest.tar.xz", {});
  auto collections = kselftest_collections(dir / "kselftest.tar.xz");
  ASSERT_EQ(collections.size(), 4u);
  EXPECT_EQ(collections[0].collection, "size");
  EXPECT_EQ(collections[0].tests, 1u);
  EXPECT_EQ(collections[1].tuxrun_name, "kselftest-timers");
  EXPECT_EQ(collections[1].tests, 2u);
  EXPECT_EQ(collections[2].collection, "net/forwarding");
  EXPECT_EQ(collections[2].tuxrun_name, "kselftest-net-forwarding");
  EXPECT_EQ(collections[3].collection, "net");

  kc::create_tar_from_dir(dir / "install" / "kselftest", dir / "no-list.tar.xz", {});
  fs::remove(dir / "install" / "kselftest" / "kselftest-list.txt");
  kc::create_tar_from_dir(dir / "install", dir / "without.tar.xz", {});
  try {
    kselftest_collections(dir / "without.tar.xz");
    ADD_FAILURE() << "an install without a list was read";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("has no kselftest-list.txt"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace krun::suites

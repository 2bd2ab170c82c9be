#include "krun/rootfs/debian_index.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun::rootfs {

const char* kPackages = R"(Package: busybox-static
Version: 1:1.35.0-4
Architecture: amd64
Provides: busybox
Filename: pool/main/b/busybox/busybox-static_1.35.0-4_amd64.deb
Size: 10
SHA256: aaaa
Description: tools
 continued line: not a field

Package: bash
Version: 5.2-2
Pre-Depends: libc6 (>= 2.36), libtinfo6 (>= 6)
Depends: base-files (>= 2.1.12), debianutils (>= 5.6-0.1) | fake-alt
Filename: pool/main/b/bash/bash_5.2-2_amd64.deb
SHA256: bbbb

Package: libc6
Version: 2.36-9
Depends: libgcc-s1
Filename: pool/main/g/glibc/libc6_2.36-9_amd64.deb
SHA256: cccc

Package: libgcc-s1
Version: 12.2.0-14
Depends: libc6 (>= 2.35)
Filename: pool/x/libgcc-s1.deb
SHA256: dddd

Package: libtinfo6
Version: 6.4-4
Filename: pool/x/libtinfo6.deb
SHA256: eeee

Package: base-files
Version: 12.4
Filename: pool/x/base-files.deb
SHA256: ffff

Package: debianutils
Version: 5.7
Filename: pool/x/debianutils.deb
SHA256: 0000
)";

TEST(DebianIndex, ParsesReleaseSha256Section) {
  auto files = parse_release_sha256(
      "Origin: Debian\nMD5Sum:\n 0123 10 main/binary-amd64/Packages.xz\nSHA256:\n"
      " abcd 1234 main/binary-amd64/Packages.xz\n ef01 99 main/binary-arm64/Packages.xz\nSHA512:\n 9999 1 x\n");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files["main/binary-amd64/Packages.xz"].sha256, "abcd");
  EXPECT_EQ(files["main/binary-amd64/Packages.xz"].size, 1234u);
  EXPECT_THROW(parse_release_sha256("Origin: Debian\n"), kc::Error);
}

// 2024-08-10 12:00:00 UTC.
constexpr std::time_t kNow = 1723291200;

std::string release_header(const std::string& suite, const std::string& codename, const std::string& extra = "") {
  return "Origin: Debian\nLabel: Debian\nSuite: " + suite + "\nCodename: " + codename +
         "\nDate: Sat, 10 Aug 2024 09:13:45 UTC\n" + extra + "SHA256:\n 00 1 main/binary-amd64/Packages.xz\n";
}

std::string identity_error(const std::string& text, const std::string& suite) {
  try {
    check_release_identity(text, suite, kNow);
    return "";
  } catch (const kc::Error& e) {
    return e.what();
  }
}

TEST(DebianIndex, ReleaseForTheAskedSuiteByNameOrCodename) {
  EXPECT_EQ(identity_error(release_header("stable", "bookworm"), "bookworm"), "");
  EXPECT_EQ(identity_error(release_header("stable", "bookworm"), "stable"), "");
  EXPECT_EQ(identity_error(release_header("unstable", "sid", "Valid-Until: Sat, 17 Aug 2024 09:13:45 UTC\n"), "sid"), "");
}

TEST(DebianIndex, AnotherSuitesSignedReleaseIsRefused) {
  std::string e = identity_error(release_header("oldstable", "bullseye"), "bookworm");
  EXPECT_NE(e.find("is for oldstable/bullseye"), std::string::npos) << e;
  EXPECT_NE(identity_error("SHA256:\n 00 1 x\n", "bookworm").find("for no named suite"), std::string::npos);
}

TEST(DebianIndex, ExpiredOrFutureReleaseIsRefused) {
  std::string expired = release_header("unstable", "sid", "Valid-Until: Fri, 09 Aug 2024 09:13:45 UTC\n");
  EXPECT_NE(identity_error(expired, "sid").find("expired"), std::string::npos);
  std::string future = "Suite: stable\nCodename: bookworm\nDate: Mon, 12 Aug 2024 09:13:45 UTC\n";
  EXPECT_NE(identity_error(future, "bookworm").find("in the future"), std::string::npos);
  std::string garbled = release_header("unstable", "sid", "Valid-Until: soon\n");
  EXPECT_NE(identity_error(garbled, "sid").find("unreadable Valid-Until"), std::string::npos);
}

TEST(DebianIndex, ParsesPackagesStanzas) {
  auto idx = parse_packages(kPackages);
  ASSERT_EQ(idx.size(), 7u);
  EXPECT_EQ(idx["busybox-static"].version, "1:1.35.0-4");
  EXPECT_EQ(idx["busybox-static"].sha256, "aaaa");
  EXPECT_EQ(idx["busybox-static"].size, 10u);
  EXPECT_EQ(idx["busybox-static"].provides, std::vector<std::string>{"busybox"});
  // Pre-Depends come first, versions are dropped, alternatives kept in order.
  ASSERT_EQ(idx["bash"].depends.size(), 4u);
  EXPECT_EQ(idx["bash"].depends[0], std::vector<std::string>{"libc6"});
  EXPECT_EQ(idx["bash"].depends[3], (std::vector<std::string>{"debianutils", "fake-alt"}));
}

TEST(DebianIndex, ResolvesDependsTransitivelyAndSorted) {
  auto idx = parse_packages(kPackages);
  auto pkgs = resolve_packages(idx, {"bash", "busybox-static"}, true, "test");
  std::vector<std::string> names;
  for (auto& p : pkgs) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"base-files", "bash", "busybox-static", "debianutils", "libc6",
                                             "libgcc-s1", "libtinfo6"}));
  auto only = resolve_packages(idx, {"bash"}, false, "test");
  ASSERT_EQ(only.size(), 1u);
  // A virtual name resolves through Provides.
  EXPECT_EQ(resolve_packages(idx, {"busybox"}, false, "test")[0].name, "busybox-static");
}

TEST(DebianIndex, UnknownPackageIsUsageErrorNamingIt) {
  auto idx = parse_packages(kPackages);
  try {
    resolve_packages(idx, {"no-such-pkg"}, false, "bookworm/amd64");
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("no-such-pkg"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("bookworm/amd64"), std::string::npos);
  }
  idx.erase("libtinfo6");
  EXPECT_THROW(resolve_packages(idx, {"bash"}, true, "x"), kc::Error);
}

// Found by the debian_index fuzz target: a Size that is not a number threw
// std::invalid_argument (an "internal error") instead of naming the mirror.
TEST(DebianIndex, ABadSizeIsAnErrorNamingThePackage) {
  for (const char* size : {"", "x", "12x", "-1", "99999999999999999999999"}) {
    try {
      parse_packages(std::string("Package: busybox-static\nSize: ") + size + "\n");
      ADD_FAILURE() << "accepted Size: " << size;
    } catch (const kc::Error& e) {
      EXPECT_NE(std::string(e.what()).find("busybox-static"), std::string::npos) << e.what();
    }
  }
}

}  // namespace krun::rootfs

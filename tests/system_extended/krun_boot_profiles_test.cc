// The device profiles `make test-extended` boots on top of `make test`'s:
// the optional ones with a Debian rootfs, and the debian-ports ones on an
// initramfs of one program. Each needs a kernel of its own arch (about five
// minutes on two cores from a cold compiler cache), which is why they are
// not in the default run; see README "Tests".
#include "tests/system/boot_profiles.h"

namespace {

using namespace boot_profiles;

// The optional profiles whose arch Debian's main archive has a rootfs for;
// the debian-ports ones boot their own initramfs (Ports, below).
INSTANTIATE_TEST_SUITE_P(
    Optional, KrunBoot,
    ::testing::Values(BootCase{"qemu-s390", "s390", "s390x"},
                      BootCase{"qemu-armv5", "armv5", "armv5tejl", true},
                      BootCase{"qemu-ppc64le", "ppc64le", "ppc64le"},
                      BootCase{"qemu-mips32el", "mips32el", "mips"},
                      BootCase{"qemu-mips64el", "mips64el", "mips64"}),
    device_test_name<BootCase>);

INSTANTIATE_TEST_SUITE_P(Ports, KrunBootOwnRootfs,
                         ::testing::Values(OwnRootfsCase{"qemu-sh4", "sh4", "sh4"},
                                           OwnRootfsCase{"qemu-m68k", "m68k", "m68k"},
                                           OwnRootfsCase{"qemu-ppc64", "ppc64", "ppc64"}),
                         device_test_name<OwnRootfsCase>);

}  // namespace

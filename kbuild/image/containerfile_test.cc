#include "kbuild/image/containerfile.h"

#include <gtest/gtest.h>

#include "common/base_image.h"
#include "common/errors.h"

namespace kbuild::image {
namespace {

ImageRecipe sample() {
  ImageRecipe r;
  r.arch = "arm64";
  r.toolchain = "gcc-12";
  r.suite = "bookworm";
  r.cross = true;
  r.packages = {"gcc-12-aarch64-linux-gnu", "binutils-aarch64-linux-gnu"};
  r.links = {{"aarch64-linux-gnu-gcc", "aarch64-linux-gnu-gcc-12"}};
  r.cc = {"aarch64-linux-gnu-gcc-12"};
  r.version = "12";
  r.base.mirror = "http://deb.debian.org/debian";
  r.base.packages = {"make", "bc"};
  return r;
}

TEST(Containerfile, RendersBaseInstallLinksAndPath) {
  std::string cf = render_containerfile(sample());
  EXPECT_NE(cf.find("FROM localhost/kbuild/base_bookworm\n"), std::string::npos) << cf;
  // Packages sorted so that list order in a recipe does not change the hash.
  EXPECT_NE(cf.find("apt-get install -y --no-install-recommends binutils-aarch64-linux-gnu "
                    "gcc-12-aarch64-linux-gnu"),
            std::string::npos)
      << cf;
  EXPECT_NE(cf.find("RUN ln -sf /usr/bin/aarch64-linux-gnu-gcc-12 /usr/local/bin/aarch64-linux-gnu-gcc"),
            std::string::npos)
      << cf;
  EXPECT_NE(cf.find("org.kbuild.base-hash=\"" + kc::base_hash(sample().base, "bookworm") + "\""),
            std::string::npos)
      << cf;
  EXPECT_NE(cf.find("ENV PATH=/usr/local/sbin:/usr/local/bin:"), std::string::npos) << cf;
}

TEST(Containerfile, ExtraPathComesFirst) {
  ImageRecipe r = sample();
  r.path = {"/usr/lib/llvm-16/bin"};
  EXPECT_NE(render_containerfile(r).find("ENV PATH=/usr/lib/llvm-16/bin:/usr/local/sbin"), std::string::npos);
}

TEST(Containerfile, HashIsStableAndOrderInsensitive) {
  ImageRecipe a = sample(), b = sample();
  std::swap(b.packages[0], b.packages[1]);
  EXPECT_EQ(image_hash(a), image_hash(b));
  EXPECT_EQ(image_hash(a), image_hash(sample()));
  EXPECT_EQ(image_hash(a).size(), 64u);
}

TEST(Containerfile, HashChangesWithPackagesAndWithTheBase) {
  ImageRecipe more = sample();
  more.packages.push_back("libc6-dev-arm64-cross");
  EXPECT_NE(image_hash(sample()), image_hash(more));
  ImageRecipe new_base = sample();
  new_base.base.packages.push_back("flex");
  EXPECT_NE(image_hash(sample()), image_hash(new_base));
}

TEST(Containerfile, RefusesUnsafePackageNames) {
  ImageRecipe r = sample();
  r.packages.push_back("gcc; rm -rf /");
  EXPECT_THROW(render_containerfile(r), kc::Error);
  ImageRecipe l = sample();
  l.links["x"] = "$(reboot)";
  EXPECT_THROW(render_containerfile(l), kc::Error);
}

}  // namespace
}  // namespace kbuild::image

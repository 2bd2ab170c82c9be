#include "krun/qemu/qemu_image.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "common/errors.h"

namespace krun {
namespace {

std::filesystem::path write_recipe(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / "krun-qemu-image-test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(QemuImage, TheShippedRecipeCoversEveryEmulatorFamily) {
  QemuImageRecipe r = load_qemu_image_recipe(std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers/qemu.yaml");
  EXPECT_EQ(qemu_image_name(r), "krun/qemu_bookworm");
  EXPECT_EQ(r.base, "kbuild/base_bookworm");
  for (const char* p : {"qemu-system-x86", "qemu-system-arm", "qemu-system-misc", "qemu-system-ppc",
                        "qemu-system-mips", "opensbi"})
    EXPECT_NE(std::find(r.packages.begin(), r.packages.end(), p), r.packages.end()) << p;
}

TEST(QemuImage, ContainerfileBuildsOnTheLocalBaseWithoutPulling) {
  QemuImageRecipe r{"x.yaml", "bookworm", "kbuild/base_bookworm", {"qemu-system-x86", "opensbi"}};
  std::string cf = render_qemu_containerfile(r);
  EXPECT_NE(cf.find("FROM localhost/kbuild/base_bookworm\n"), std::string::npos) << cf;
  EXPECT_NE(cf.find("apt-get install -y --no-install-recommends opensbi qemu-system-x86 "), std::string::npos) << cf;
}

TEST(QemuImage, HashFollowsThePackagesNotTheirOrder) {
  QemuImageRecipe a{"x.yaml", "bookworm", "kbuild/base_bookworm", {"qemu-system-x86", "opensbi"}};
  QemuImageRecipe b{"y.yaml", "bookworm", "kbuild/base_bookworm", {"opensbi", "qemu-system-x86"}};
  QemuImageRecipe c{"x.yaml", "bookworm", "kbuild/base_bookworm", {"qemu-system-x86"}};
  EXPECT_EQ(qemu_image_hash(a), qemu_image_hash(b));
  EXPECT_NE(qemu_image_hash(a), qemu_image_hash(c));
  EXPECT_EQ(qemu_image_hash(a).size(), 64u);
}

TEST(QemuImage, RefusesAPackageNameThatIsNotOne) {
  auto file = write_recipe("bad.yaml", "suite: bookworm\nbase: kbuild/base_bookworm\npackages: [\"qemu; rm -rf /\"]\n");
  try {
    load_qemu_image_recipe(file);
    FAIL() << "a shell word got through";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a valid Debian package name"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST(QemuImage, MissingFieldsAreNamed) {
  auto file = write_recipe("empty.yaml", "suite: bookworm\nbase: kbuild/base_bookworm\npackages: []\n");
  EXPECT_THROW(load_qemu_image_recipe(file), kc::Error);
  EXPECT_THROW(load_qemu_image_recipe("/nonexistent/qemu.yaml"), kc::Error);
}

}  // namespace
}  // namespace krun

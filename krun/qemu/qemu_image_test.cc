#include "krun/qemu/qemu_image.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "common/errors.h"

namespace krun {
namespace {

const std::filesystem::path kDir = std::filesystem::temp_directory_path() / "krun-qemu-image-test";

std::filesystem::path write_recipe(const std::string& name, const std::string& text) {
  std::filesystem::create_directories(kDir);
  std::ofstream(kDir / name) << text;
  return kDir / name;
}

// A recipe beside a base recipe, as in containers/.
std::filesystem::path write_recipe_with_base(const std::string& name, const std::string& text) {
  write_recipe("base.yaml", "mirror: http://deb.debian.org/debian\npackages: [make]\n");
  return write_recipe(name, text);
}

QemuImageRecipe sample(std::vector<std::string> packages) {
  QemuImageRecipe r;
  r.file = "x.yaml";
  r.suite = "bookworm";
  r.base_file = "base.yaml";
  r.base.mirror = "http://deb.debian.org/debian";
  r.base.packages = {"make", "bc"};
  r.packages = std::move(packages);
  return r;
}

TEST(QemuImage, TheShippedRecipeCoversEveryEmulatorFamily) {
  const std::filesystem::path dir = std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers";
  QemuImageRecipe r = load_qemu_image_recipe(dir / "qemu.yaml");
  EXPECT_EQ(qemu_image_name(r), "krun/qemu_bookworm");
  EXPECT_EQ(r.base_file, dir / "base.yaml");
  EXPECT_EQ(kc::base_hash(r.base, r.suite), kc::base_hash(kc::load_base_recipe(dir / "base.yaml"), "bookworm"));
  for (const char* p : {"qemu-system-x86", "qemu-system-arm", "qemu-system-misc", "qemu-system-ppc",
                        "qemu-system-mips", "opensbi"})
    EXPECT_NE(std::find(r.packages.begin(), r.packages.end(), p), r.packages.end()) << p;
}

TEST(QemuImage, ContainerfileBuildsOnTheLocalBaseWithoutPulling) {
  QemuImageRecipe r = sample({"qemu-system-x86", "opensbi"});
  std::string cf = render_qemu_containerfile(r);
  EXPECT_NE(cf.find("FROM localhost/kbuild/base_bookworm\n"), std::string::npos) << cf;
  EXPECT_NE(cf.find("apt-get install -y --no-install-recommends opensbi qemu-system-x86 "), std::string::npos) << cf;
}

TEST(QemuImage, ContainerfileNamesTheBaseImageAndItsHash) {
  QemuImageRecipe r = sample({"qemu-system-x86"});
  std::string cf = render_qemu_containerfile(r);
  EXPECT_NE(cf.find("FROM localhost/" + kc::base_image_name("bookworm") + "\n"), std::string::npos) << cf;
  EXPECT_NE(cf.find("org.krun.base-hash=\"" + kc::base_hash(r.base, "bookworm") + "\""), std::string::npos) << cf;
}

TEST(QemuImage, HashFollowsThePackagesNotTheirOrder) {
  QemuImageRecipe a = sample({"qemu-system-x86", "opensbi"});
  QemuImageRecipe b = sample({"opensbi", "qemu-system-x86"});
  b.file = "y.yaml";
  QemuImageRecipe c = sample({"qemu-system-x86"});
  EXPECT_EQ(qemu_image_hash(a), qemu_image_hash(b));
  EXPECT_NE(qemu_image_hash(a), qemu_image_hash(c));
  EXPECT_EQ(qemu_image_hash(a).size(), 64u);
}

TEST(QemuImage, ADifferentBaseRecipeGivesADifferentHash) {
  QemuImageRecipe a = sample({"qemu-system-x86"});
  QemuImageRecipe b = sample({"qemu-system-x86"});
  b.base.packages.push_back("flex");
  EXPECT_NE(qemu_image_hash(a), qemu_image_hash(b));
  QemuImageRecipe mirrored = sample({"qemu-system-x86"});
  mirrored.base.mirror = "http://mirror.example/debian";  // the mirror is not part of the base
  EXPECT_EQ(qemu_image_hash(a), qemu_image_hash(mirrored));
}

TEST(QemuImage, LoadsTheBaseRecipeBesideIt) {
  auto file = write_recipe_with_base("beside.yaml", "suite: trixie\nbase: base.yaml\npackages: [qemu-system-arm]\n");
  QemuImageRecipe r = load_qemu_image_recipe(file);
  EXPECT_EQ(r.base_file, kDir / "base.yaml");
  EXPECT_EQ(r.base.packages, std::vector<std::string>{"make"});
  EXPECT_NE(render_qemu_containerfile(r).find("FROM localhost/kbuild/base_trixie\n"), std::string::npos);
}

TEST(QemuImage, RefusesAPackageNameThatIsNotOne) {
  auto file = write_recipe_with_base("bad.yaml", "suite: bookworm\nbase: base.yaml\npackages: [\"qemu; rm -rf /\"]\n");
  try {
    load_qemu_image_recipe(file);
    FAIL() << "a shell word got through";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a valid Debian package name"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST(QemuImage, RefusesABaseThatIsNotARecipeBesideIt) {
  for (const char* base : {"kbuild/base_bookworm", "../base.yaml", "/etc/base.yaml", "missing.yaml"}) {
    auto file = write_recipe_with_base(
        "base-ref.yaml", std::string("suite: bookworm\nbase: \"") + base + "\"\npackages: [qemu-system-x86]\n");
    try {
      load_qemu_image_recipe(file);
      ADD_FAILURE() << "base " << base << " got through";
    } catch (const kc::Error& e) {
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
  }
}

TEST(QemuImage, MissingFieldsAreNamed) {
  auto file = write_recipe_with_base("empty.yaml", "suite: bookworm\nbase: base.yaml\npackages: []\n");
  EXPECT_THROW(load_qemu_image_recipe(file), kc::Error);
  EXPECT_THROW(load_qemu_image_recipe("/nonexistent/qemu.yaml"), kc::Error);
}

}  // namespace
}  // namespace krun

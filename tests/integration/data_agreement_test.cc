// The data files of the two tools describe the same architectures from
// different sides (kbuild/data/arches: the kernel's names; containers/arches:
// the image's cross packages; devices: the QEMU machine; rootfs/arches: the
// guest's userland). Where they state the same fact, they must agree: this
// test reads them all, so an edit to one side that the other does not
// follow fails here instead of in a build or a boot.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

std::map<std::string, YAML::Node> load_dir(const std::string& rel) {
  std::map<std::string, YAML::Node> out;
  for (const auto& e : fs::directory_iterator(testenv::source_dir() / rel))
    if (e.path().extension() == ".yaml") out[e.path().stem().string()] = YAML::LoadFile(e.path().string());
  return out;
}

std::string str(const YAML::Node& n, const char* key) { return n[key] ? n[key].as<std::string>() : ""; }

TEST(DataAgreement, KbuildArchesAndTheirImageRecipesAgree) {
  auto arches = load_dir("kbuild/data/arches");
  auto recipes = load_dir("containers/arches");
  for (const auto& [name, arch] : arches) {
    ASSERT_TRUE(recipes.count(name)) << "kbuild arch " << name << " has no containers/arches/" << name << ".yaml";
    const YAML::Node& recipe = recipes.at(name);
    if (!str(arch, "debian_arch").empty() && !str(recipe, "debian_arch").empty()) {
      EXPECT_EQ(str(arch, "debian_arch"), str(recipe, "debian_arch")) << name;
    }
    // The cross prefix kbuild passes is the image's triplet.
    if (!str(arch, "cross_compile").empty() && !str(recipe, "triplet").empty()) {
      EXPECT_EQ(str(arch, "cross_compile"), str(recipe, "triplet") + "-") << name;
    }
  }
  for (const auto& [name, recipe] : recipes) EXPECT_TRUE(arches.count(name)) << "recipe for unknown arch " << name;
}

TEST(DataAgreement, DevicesBootWhatKbuildBuildsOnARootfsKrunCanMake) {
  auto arches = load_dir("kbuild/data/arches");
  auto rootfs = load_dir("rootfs/arches");
  YAML::Node ports = YAML::LoadFile((testenv::source_dir() / "rootfs/ports.yaml").string());
  std::set<std::string> port_arches;
  for (const auto& a : ports["arches"]) port_arches.insert(a.as<std::string>());
  std::set<std::string> no_debian;  // no userland anywhere: devices boot the user's own
  for (const auto& a : ports["no_debian"]) no_debian.insert(a.first.as<std::string>());
  std::set<std::string> kernel_arches;
  for (const auto& [name, arch] : arches) kernel_arches.insert(str(arch, "arch"));
  for (const auto& [name, device] : load_dir("devices")) {
    EXPECT_TRUE(kernel_arches.count(str(device, "arch"))) << name << ": no kbuild arch builds ARCH=" << str(device, "arch");
    const std::string debian = str(device, "debian_arch");
    EXPECT_TRUE(rootfs.count(debian) || port_arches.count(debian) || no_debian.count(debian))
        << name << ": debian_arch " << debian << " is neither in rootfs/arches nor in rootfs/ports.yaml";
    // A kbuild arch this device is the default for runs the same userland,
    // when Debian has one for it (kbuild's mips is big-endian by its
    // compiler's default, but bookworm has no big-endian mips userland: its
    // default device boots a little-endian kernel on mipsel).
    for (const auto& a : device["default_for_arches"]) {
      auto it = arches.find(a.as<std::string>());
      if (it == arches.end()) continue;
      const std::string kbuild_debian = str(it->second, "debian_arch");
      if (kbuild_debian.empty() || (!rootfs.count(kbuild_debian) && !port_arches.count(kbuild_debian))) continue;
      EXPECT_EQ(kbuild_debian, debian) << name << " is the default for " << it->first;
    }
  }
}

// krun --kbuild picks the device from the build's arch as kbuild (or
// TuxMake) spelled it: each name and alias of a kbuild arch that some device
// boots (same kernel ARCH, same Debian userland) is some device's default.
TEST(DataAgreement, EveryNameOfABootableKbuildArchHasADefaultDevice) {
  std::set<std::string> defaults;
  std::set<std::pair<std::string, std::string>> bootable;  // {ARCH, debian_arch}
  for (const auto& [name, device] : load_dir("devices")) {
    for (const auto& a : device["default_for_arches"]) defaults.insert(a.as<std::string>());
    bootable.insert({str(device, "arch"), str(device, "debian_arch")});
  }
  for (const auto& [name, arch] : load_dir("kbuild/data/arches")) {
    if (!bootable.count({str(arch, "arch"), str(arch, "debian_arch")})) continue;
    EXPECT_TRUE(defaults.count(name)) << name << " has no default device";
    for (const auto& alias : arch["aliases"])
      EXPECT_TRUE(defaults.count(alias.as<std::string>())) << alias << " (" << name << ") has no default device";
  }
}

TEST(DataAgreement, TheGuestsTripletIsTheImagesForTheSameDebianArch) {
  std::map<std::string, std::string> image_triplet;  // debian arch → containers' triplet
  for (const auto& [name, recipe] : load_dir("containers/arches"))
    if (!str(recipe, "debian_arch").empty()) image_triplet[str(recipe, "debian_arch")] = str(recipe, "triplet");
  for (const auto& [debian, arch] : load_dir("rootfs/arches")) {
    EXPECT_EQ(str(arch, "debian_arch"), debian);
    auto it = image_triplet.find(debian);
    if (it != image_triplet.end() && !str(arch, "triplet").empty()) {
      EXPECT_EQ(str(arch, "triplet"), it->second) << debian;
    }
  }
}

}  // namespace

#include "common/yaml_file.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace kc {
namespace {

const std::filesystem::path kFile = "data/x.yaml";

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Infrastructure);
    return e.what();
  }
  return "";
}

TEST(YamlFields, StringsListsAndMaps) {
  YAML::Node n = YAML::Load("name: a\nempty: ''\nlist: [x, \"null\", y]\nmap: {K: v, E: }\n");
  EXPECT_EQ(yaml_string(n, "name", kFile), "a");
  EXPECT_EQ(yaml_string(n, "empty", kFile), "");
  EXPECT_EQ(yaml_string_or(n, "absent", "dflt"), "dflt");
  EXPECT_EQ(yaml_string_list(n, "list", kFile), (std::vector<std::string>{"x", "null", "y"}));
  EXPECT_TRUE(yaml_string_list(n, "absent", kFile).empty());
  auto m = yaml_string_map(n, "map", kFile);
  EXPECT_EQ(m["K"], "v");
  EXPECT_EQ(m["E"], "");
  YAML::Node flags = YAML::Load("on: true\noff: false\nnothing: \n");
  EXPECT_TRUE(yaml_bool_or_false(flags, "on", kFile));
  EXPECT_FALSE(yaml_bool_or_false(flags, "off", kFile));
  EXPECT_FALSE(yaml_bool_or_false(flags, "nothing", kFile));
  EXPECT_FALSE(yaml_bool_or_false(flags, "absent", kFile));
}

TEST(YamlFields, ErrorsNameTheFileAndField) {
  YAML::Node n = YAML::Load("s: [1]\nl: text\nm: [1]\nnested: [[1]]\nnulls: [a, null]\n");
  EXPECT_EQ(error_of([&] { yaml_string_list(n, "nulls", kFile); }),
            "data file data/x.yaml: 'nulls' must be a list of strings");
  EXPECT_EQ(error_of([&] { yaml_string(n, "absent", kFile); }), "data file data/x.yaml: 'absent' is missing");
  EXPECT_EQ(error_of([&] { yaml_string(n, "s", kFile); }), "data file data/x.yaml: 's' must be a string");
  EXPECT_EQ(error_of([&] { yaml_string_list(n, "l", kFile); }), "data file data/x.yaml: 'l' must be a list");
  EXPECT_EQ(error_of([&] { yaml_string_list(n, "nested", kFile); }),
            "data file data/x.yaml: 'nested' must be a list of strings");
  EXPECT_EQ(error_of([&] { yaml_string_map(n, "m", kFile); }), "data file data/x.yaml: 'm' must be a mapping");
  EXPECT_EQ(error_of([&] { yaml_bool_or_false(n, "l", kFile); }), "data file data/x.yaml: 'l' must be true or false");
  EXPECT_EQ(error_of([&] { yaml_bool_or_false(n, "s", kFile); }), "data file data/x.yaml: 's' must be true or false");
}

}  // namespace
}  // namespace kc

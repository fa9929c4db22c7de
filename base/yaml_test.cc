#include "base/yaml.h"

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

const char* Kind(YamlValue::Type type) {
  switch (type) {
    case YamlValue::Type::kNull:
      return "null";
    case YamlValue::Type::kBool:
      return "bool";
    case YamlValue::Type::kInt:
      return "int";
    case YamlValue::Type::kFloat:
      return "float";
    case YamlValue::Type::kTimestamp:
      return "timestamp";
    default:
      return "string";
  }
}

// Every row of the table PyYAML itself wrote (testdata/pyyaml_scalars.py).
TEST(YamlTest, PlainScalarsResolveAsPyYamlResolvesThem) {
  std::ifstream table("base/testdata/pyyaml_scalars.tsv");
  ASSERT_TRUE(table.good());
  std::string line;
  int rows = 0;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> cells = absl::StrSplit(line, '\t');
    ASSERT_EQ(cells.size(), 3u) << line;
    const std::string scalar = cells[0].substr(1, cells[0].size() - 2);
    SCOPED_TRACE(scalar);
    YamlValue value;
    ResolvePlainScalar(scalar, &value);
    EXPECT_EQ(Kind(value.type()), cells[1]);
    if (cells[1] == "int") {
      EXPECT_EQ(absl::StrCat(value.integer()), cells[2]);
    } else if (cells[1] == "bool") {
      EXPECT_EQ(value.boolean() ? "true" : "false", cells[2]);
    } else if (cells[1] == "float") {
      if (cells[2] == "nan") {
        EXPECT_TRUE(std::isnan(value.number()));
      } else if (cells[2] == "inf" || cells[2] == "-inf") {
        EXPECT_TRUE(std::isinf(value.number()));
        EXPECT_EQ(value.number() < 0, cells[2] == "-inf");
      } else {
        double expected = 0;
        ASSERT_TRUE(absl::SimpleAtod(cells[2], &expected));
        EXPECT_DOUBLE_EQ(value.number(), expected);
      }
    } else if (cells[1] == "string") {
      EXPECT_EQ(value.text(), cells[2]);
    }
    ++rows;
  }
  EXPECT_GT(rows, 80);
}

TEST(YamlTest, QuotedScalarsAndJsonStringsAreStrings) {
  absl::StatusOr<YamlValue> value =
      ParseYaml(R"({"a": "1.5", "b": 1.5, "c": 'yes', "d": 1e-5})", "c.json");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_TRUE(value->Find("a")->is_string());
  EXPECT_EQ(value->Find("b")->type(), YamlValue::Type::kFloat);
  EXPECT_TRUE(value->Find("c")->is_string());
  // As PyYAML reads it: a float needs a dot.
  EXPECT_TRUE(value->Find("d")->is_string());
}

TEST(YamlTest, MergeKeysAsPyYamlAppliesThem) {
  absl::StatusOr<YamlValue> value = ParseYaml(
      "base: &base {a: 1, b: 2}\n"
      "child:\n"
      "  <<: *base\n"
      "  b: 3\n"
      "  c: 4\n",
      "m.yaml");
  ASSERT_TRUE(value.ok()) << value.status();
  const YamlValue* child = value->Find("child");
  ASSERT_NE(child, nullptr);
  std::vector<std::string> entries;
  for (const auto& [key, member] : child->members()) {
    entries.push_back(absl::StrCat(key.text(), "=", member.integer()));
  }
  EXPECT_THAT(entries, ::testing::ElementsAre("a=1", "b=3", "c=4"));
}

TEST(YamlTest, PositionsAreOneBased) {
  absl::StatusOr<YamlValue> value = ParseYaml("a:\n  b: 2\n", "p.yaml");
  ASSERT_TRUE(value.ok());
  const YamlValue* b = value->Find("a")->Find("b");
  EXPECT_EQ(b->line(), 2);
  EXPECT_EQ(b->column(), 6);
}

TEST(YamlTest, BadDocumentsAreErrorsNamingThePlace) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a: 1\na: 2\n", "x.yaml:2:1: duplicate key \"a\" (first at line 1)"},
      {"a: [1, 2\n", "x.yaml:2:1: end of sequence flow not found"},
      {"a: 1\n---\nb: 2\n", "a second YAML document"},
      // yaml-cpp's LoadAll never returns on these.
      {",x\n", "x.yaml:1:1: unexpected \",\" where a YAML document starts"},
      {"# a comment\n,\nmodel: {}\n",
       "x.yaml:2:1: unexpected \",\" where a YAML document starts"},
      {"a: !!int x\n", "x.yaml:1:4: cannot read \"x\" as int"},
      {"a: !!python/object:os.system x\n", "cannot read \"x\" as"},
      {"? [1]\n: 2\n", "a key must be a scalar"},
      {"a: &x [*x]\n", ""},
      {std::string(600, '[') + std::string(600, ']'), "nested too deeply"},
  };
  for (const auto& [text, error] : cases) {
    SCOPED_TRACE(text.substr(0, 40));
    absl::StatusOr<YamlValue> value = ParseYaml(text, "x.yaml");
    if (error.empty()) continue;  // must only not crash
    ASSERT_FALSE(value.ok());
    EXPECT_THAT(value.status().message(), HasSubstr(error));
  }
}

TEST(YamlTest, ABillionLaughsIsAnErrorNotAHang) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += absl::StrCat("a", i, ": &a", i, " [");
    for (int j = 0; j < 10; ++j)
      text += absl::StrCat(j ? ", " : "", "*a", i - 1);
    text += "]\n";
  }
  absl::StatusOr<YamlValue> value = ParseYaml(text, "laughs.yaml");
  ASSERT_FALSE(value.ok());
  EXPECT_THAT(value.status().message(),
              HasSubstr("values once aliases are expanded"));
}

TEST(YamlTest, IntegersBeyondInt64AreStillIntegers) {
  absl::StatusOr<YamlValue> value =
      ParseYaml("seed: 501974169931277706872159392843\n", "s.yaml");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(value->Find("seed")->type(), YamlValue::Type::kInt);
  EXPECT_FALSE(value->Find("seed")->fits_int64());
}

TEST(YamlTest, EmptyDocumentIsNull) {
  absl::StatusOr<YamlValue> value = ParseYaml("", "e.yaml");
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(value->is_null());
}

}  // namespace
}  // namespace weightwalk

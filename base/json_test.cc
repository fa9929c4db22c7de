#include "base/json.h"

#include "gtest/gtest.h"

namespace weightwalk {
namespace {

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<JsonValue> value = ParseJson(text, "f.json");
  EXPECT_FALSE(value.ok());
  return std::string(value.status().message());
}

TEST(JsonTest, ParsesObjectsInOrderWithExactIntegers) {
  absl::StatusOr<JsonValue> value = ParseJson(
      R"({"b": 1, "a": [true, null, -2.5e3, "x\u00e9\n"], "big": 9007199254740993})",
      "f.json");
  ASSERT_TRUE(value.ok()) << value.status();
  ASSERT_EQ(value->members().size(), 3u);
  EXPECT_EQ(value->members()[0].first, "b");
  EXPECT_EQ(value->Find("b")->integer(), 1);
  const JsonValue& array = *value->Find("a");
  EXPECT_TRUE(array.elements()[0].boolean());
  EXPECT_TRUE(array.elements()[1].is_null());
  EXPECT_FALSE(array.elements()[2].is_integer());
  EXPECT_DOUBLE_EQ(array.elements()[2].number(), -2500);
  EXPECT_EQ(array.elements()[3].text(), "x\xc3\xa9\n");
  EXPECT_EQ(value->Find("big")->integer(), 9007199254740993);
  EXPECT_EQ(value->Find("missing"), nullptr);
}

TEST(JsonTest, DuplicateKeysAreErrors) {
  EXPECT_EQ(ErrorOf("{\"a\": 1,\n \"a\": 2}"),
            "f.json:2:2: duplicate key \"a\" (first at line 1)");
}

TEST(JsonTest, TrailingContentNamesTheLine) {
  // A git merge conflict left in an index.
  EXPECT_EQ(ErrorOf("{\"a\": 1}\n=======\n{\"a\": 2}\n"),
            "f.json:2:1: unexpected '=' after the JSON value");
}

TEST(JsonTest, MalformedInputs) {
  EXPECT_EQ(ErrorOf(""), "f.json:1:1: unexpected end of file");
  EXPECT_EQ(ErrorOf("{\"a\": 1"),
            "f.json:1:8: unexpected end of file in an object");
  EXPECT_EQ(ErrorOf("{\"a\" 1}"), "f.json:1:6: expected ':'");
  EXPECT_EQ(ErrorOf("[1, 2,]"), "f.json:1:7: unexpected ']'");
  EXPECT_EQ(ErrorOf("\"abc"), "f.json:1:5: unterminated string");
  EXPECT_EQ(ErrorOf("\"a\xff\""), "f.json:1:3: invalid UTF-8 in a string");
  EXPECT_EQ(ErrorOf("\"\xc0\xaf\""), "f.json:1:2: invalid UTF-8 in a string");
  EXPECT_EQ(ErrorOf("\"\\ud800\""), "f.json:1:8: unpaired UTF-16 surrogate");
  EXPECT_EQ(ErrorOf("01"), "f.json:1:1: a number may not have leading zeros");
  EXPECT_EQ(ErrorOf("{1: 2}"), "f.json:1:2: expected a string key");
  EXPECT_EQ(ErrorOf("nul"), "f.json:1:1: unexpected 'n'");
  EXPECT_EQ(ErrorOf(std::string(100, '[')), "f.json:1:65: nesting too deep");
}

TEST(JsonTest, ValuesKnowWhereTheyStart) {
  absl::StatusOr<JsonValue> value =
      ParseJson("{\n  \"a\": {\n    \"b\": 3}}", "f");
  ASSERT_TRUE(value.ok());
  const JsonValue& b = *value->Find("a")->Find("b");
  EXPECT_EQ(b.line(), 3);
  EXPECT_EQ(b.column(), 10);
}

}  // namespace
}  // namespace weightwalk

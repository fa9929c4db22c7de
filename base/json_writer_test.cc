#include "base/json_writer.h"

#include "base/json.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(JsonWriterTest, WritesOrderedPrettyJsonThatReadsBack) {
  JsonObject nested;
  nested.Set("rope_type", "llama3");
  nested.Set("factor", 8.0);
  JsonObject object;
  object.SetStrings("architectures", {"LlamaForCausalLM"});
  object.Set("hidden_size", int64_t{256});
  object.Set("rms_norm_eps", 1e-5);
  object.Set("tie_word_embeddings", false);
  object.Set("rope_scaling", nested);
  object.SetNull("attention_factor");
  object.Set("name", "a \"quoted\"\n");
  EXPECT_EQ(object.ToString(),
            "{\n"
            "  \"architectures\": [\"LlamaForCausalLM\"],\n"
            "  \"hidden_size\": 256,\n"
            "  \"rms_norm_eps\": 1e-05,\n"
            "  \"tie_word_embeddings\": false,\n"
            "  \"rope_scaling\": {\n"
            "    \"rope_type\": \"llama3\",\n"
            "    \"factor\": 8.0\n"
            "  },\n"
            "  \"attention_factor\": null,\n"
            "  \"name\": \"a \\\"quoted\\\"\\n\"\n"
            "}\n");
  absl::StatusOr<JsonValue> parsed = ParseJson(object.ToString(), "x");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_DOUBLE_EQ(parsed->Find("rms_norm_eps")->number(), 1e-5);
  EXPECT_EQ(parsed->Find("name")->text(), "a \"quoted\"\n");
}

TEST(JsonWriterTest, ArraysOfObjects) {
  JsonObject first;
  first.Set("a", 1);
  JsonObject second;
  second.SetObjects("inner", {first});
  JsonObject outer;
  outer.SetObjects("items", {first, second});
  outer.SetObjects("none", {});
  EXPECT_EQ(outer.ToString(0),
            "{\"items\":[{\"a\":1}, {\"inner\":[{\"a\":1}]}], "
            "\"none\":[]}\n");
  EXPECT_EQ(outer.ToString(2),
            "{\n"
            "  \"items\": [\n"
            "    {\n"
            "      \"a\": 1\n"
            "    },\n"
            "    {\n"
            "      \"inner\": [\n"
            "        {\n"
            "          \"a\": 1\n"
            "        }\n"
            "      ]\n"
            "    }\n"
            "  ],\n"
            "  \"none\": []\n"
            "}\n");
}

TEST(JsonWriterTest, NumbersRoundTrip) {
  for (double value : {0.1, 1.0 / 3, 500000.0, 1e-6, 0.0625}) {
    absl::StatusOr<JsonValue> parsed = ParseJson(JsonNumber(value), "x");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->number(), value);
  }
}

}  // namespace
}  // namespace weightwalk

#include "checkpoint/index.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/textproto.h"
#include "checkpoint/index_listing.h"
#include "checkpoint/shard.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(IndexTest, ReadsNamesAndShardsInOrder) {
  absl::StatusOr<WeightIndex> index = ParseWeightIndex(
      R"({"metadata": {"total_size": 12}, "weight_map": {
            "b.weight": "model-00002-of-00002.safetensors",
            "a.weight": "model-00001-of-00002.safetensors",
            "c.weight": "model-00002-of-00002.safetensors"}})",
      "model.safetensors.index.json");
  ASSERT_TRUE(index.ok()) << index.status();
  ASSERT_EQ(index->tensors.size(), 3);
  EXPECT_EQ(index->tensors[0].name(), "b.weight");
  EXPECT_FALSE(index->tensors[0].shape_known());
  // Each shard's name once, in first-named order; tensors point at them.
  EXPECT_THAT(index->shards,
              ::testing::ElementsAre("model-00002-of-00002.safetensors",
                                     "model-00001-of-00002.safetensors"));
  EXPECT_EQ(index->tensors[0].shard(), "");
  EXPECT_EQ(ShardOf(index->shards, index->tensors[0]),
            "model-00002-of-00002.safetensors");
  EXPECT_EQ(ShardOf(index->shards, index->tensors[1]),
            "model-00001-of-00002.safetensors");
  EXPECT_EQ(ShardOf(index->shards, index->tensors[2]),
            "model-00002-of-00002.safetensors");
}

// Names cycling through more shards than the reader keeps as recent, in
// orders that hit each of them and miss all: every name keeps its shard,
// in the scanner (sorted names) as in the strict tier.
TEST(IndexTest, EveryNameKeepsItsShardWhateverTheOrder) {
  const std::vector<int> shards = {0, 1, 0, 2, 1, 3, 4, 0, 4, 5, 2, 5,
                                   5, 1, 3, 0, 6, 6, 2, 4, 1, 0, 3, 6};
  std::string text = R"({"weight_map": {)";
  for (size_t i = 0; i < shards.size(); ++i) {
    absl::StrAppend(&text, i == 0 ? "" : ", ", "\"t", 10 + i, "\": \"shard-",
                    shards[i], ".safetensors\"");
  }
  text += "}}";
  const std::optional<WeightIndex> scanned = ScanCanonicalWeightIndex(text);
  const absl::StatusOr<WeightIndex> strict =
      ParseWeightIndexStrict(text, "i.json");
  ASSERT_TRUE(scanned.has_value());
  ASSERT_TRUE(strict.ok()) << strict.status();
  for (const WeightIndex* index : {&*scanned, &*strict}) {
    ASSERT_EQ(index->tensors.size(), static_cast<int>(shards.size()));
    EXPECT_EQ(index->shards.size(), 7);
    for (size_t i = 0; i < shards.size(); ++i) {
      EXPECT_EQ(ShardOf(index->shards, index->tensors[static_cast<int>(i)]),
                absl::StrCat("shard-", shards[i], ".safetensors"))
          << i;
    }
  }
}

TEST(IndexTest, BadIndexesNameTheFileAndLine) {
  EXPECT_EQ(ParseWeightIndex("[]", "i.json").status().message(),
            "i.json:1:1: an index must be a JSON object, got an array");
  EXPECT_EQ(ParseWeightIndex("{\"metadata\": {}}", "i.json").status().message(),
            "i.json:1:1: the index has no \"weight_map\"");
  EXPECT_EQ(ParseWeightIndex("{\"weight_map\": {\"a\": 3}}", "i.json")
                .status()
                .message(),
            "i.json:1:22: the shard of \"a\" must be a string, got a number");
  EXPECT_EQ(ParseWeightIndex("{\"weight_map\": {\"a\": \"../x\"}}", "i.json")
                .status()
                .message(),
            "i.json:1:22: the shard of \"a\" must be a file name in the "
            "checkpoint directory, got \"../x\"");
  EXPECT_EQ(ParseWeightIndex("{\"weight_map\": {\"a\": \"s\",\n\"a\": \"s\"}}",
                             "i.json")
                .status()
                .message(),
            "i.json:2:1: duplicate key \"a\" (first at line 1)");
}

TEST(IndexTest, ReadsFilesIntoThePaddedBuffer) {
  const char* directory = std::getenv("TEST_TMPDIR");
  const std::string good =
      std::string(directory ? directory : "/tmp") + "/i.json";
  ASSERT_TRUE(
      WriteFileAtomically(good, R"({"weight_map": {"a": "s1", "b": "s2"}})")
          .ok());
  EXPECT_EQ(IndexListing(ReadWeightIndex(good)), "a -> s1\nb -> s2\n");
  const std::string bad =
      std::string(directory ? directory : "/tmp") + "/b.json";
  ASSERT_TRUE(WriteFileAtomically(bad, "{\"weight_map\": 3}").ok());
  EXPECT_EQ(ReadWeightIndex(bad).status().message(),
            bad + ":1:16: \"weight_map\" must be an object, got a number");
  EXPECT_EQ(ReadWeightIndex(bad + ".missing").status().code(),
            absl::StatusCode::kNotFound);
}

// What the scanner accepts, the strict parser reads the same way; the
// scanner takes indexes as transformers writes them and leaves everything
// else to the other tiers.
TEST(IndexTest, ScannerTakesCanonicalIndexesAndAgreesWithStrict) {
  for (
      const std::string& text : std::vector<std::string>{
          R"({"metadata": {"total_size": 12}, "weight_map": {"a.weight": "m-1.safetensors", "b.weight": "m-2.safetensors"}})",
          "{\n  \"metadata\": {\n    \"total_size\": 0,\r\n \"format\": "
          "\"pt\"\n  },\n  "
          "\"weight_map\": {\n    \"a\": \"s\"\n  }\n}\n",
          R"({"weight_map": {}, "metadata": {}})",
          R"({"weight_map": {"a": "s", "a.b": "s", "b": "s"}})",
      }) {
    SCOPED_TRACE(text);
    const std::optional<WeightIndex> scanned = ScanCanonicalWeightIndex(text);
    ASSERT_TRUE(scanned.has_value());
    EXPECT_EQ(IndexListing(*scanned),
              IndexListing(ParseWeightIndexStrict(text, "i.json")));
  }
  for (const std::string& text : std::vector<std::string>{
           "",
           "[]",
           R"({"metadata": {}})",
           R"({"weight_map": {"b": "s", "a": "s"}})",
           R"({"weight_map": {"a": "s", "a": "s"}})",
           R"({"weight_map": {"": "s"}})",
           R"({"weight_map": {"a\"b": "s"}})",
           R"({"weight_map": {"a\u0062": "s"}})",
           "{\"weight_map\": {\"a\tb\": \"s\"}}",
           "{\"weight_map\": {\"\xc3\xa9\": \"s\"}}",
           R"({"weight_map": {"a": "s",}})",
           R"({"weight_map": {"a": "s" "b": "s"}})",
           R"({"weight_map": {"a": "s"}} x)",
           R"({"weight_map": {"a": "."}})",
           R"({"weight_map": {"a": "d/s"}})",
           R"({"weight_map": {"a": 3}})",
           R"({"weight_map": {}, "weight_map": {}})",
           R"({"metadata": {}, "metadata": {}, "weight_map": {}})",
           R"({"extra": 1, "weight_map": {}})",
           R"({"metadata": null, "weight_map": {}})",
           R"({"metadata": {"n": 01}, "weight_map": {}})",
           R"({"metadata": {"n": -1}, "weight_map": {}})",
           R"({"metadata": {"n": 1.5}, "weight_map": {}})",
           R"({"metadata": {"n": 1e3}, "weight_map": {}})",
           R"({"metadata": {"n": 1234567890123456789}, "weight_map": {}})",
           R"({"metadata": {"n": true}, "weight_map": {}})",
           R"({"metadata": {"n": 1, "n": 2}, "weight_map": {}})",
           R"({"metadata": {"n": {}}, "weight_map": {}})",
           "\xEF\xBB\xBF{\"weight_map\": {}}",
           "{\"weight_map\": {\"a\": \"s",
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ScanCanonicalWeightIndex(text).has_value());
    // ... and the tiers behind it answer as the strict parser does.
    EXPECT_EQ(IndexListing(ParseWeightIndex(text, "i.json")),
              IndexListing(ParseWeightIndexStrict(text, "i.json")));
  }
}

// The fast tier (simdjson) must accept exactly what the strict tier
// accepts, and return the same list; each case here is one the two JSON
// parsers could disagree on.
TEST(IndexTest, BothTiersAgree) {
  const std::string deep = std::string(64, '[') + std::string(64, ']');
  for (const std::string& text : std::vector<std::string>{
           R"({"weight_map": {"a": "s1", "b\u00e9\n": "s2"}})",
           R"({"metadata": null, "weight_map": {}})",
           R"({"metadata": {"x": {"y": 1, "y": 2}}, "weight_map": {}})",
           R"({"weight_map": {}, "weight_map": {}})",
           R"({"extra": 1e400, "weight_map": {"a": "s"}})",
           R"({"extra": 123456789012345678901234567890, "weight_map": {}})",
           R"({"extra": "\ud800", "weight_map": {}})",
           R"({"metadata": 3, "weight_map": {}})",
           R"({"extra": )" + deep + R"(, "weight_map": {}})",
           R"({"extra": [)" + deep + R"(], "weight_map": {}})",
           "\xEF\xBB\xBF{\"weight_map\": {}}",
           "{\"weight_map\": {\"a\": \"s\"}} x",
           "{\"weight_map\": {\"\xff\": \"s\"}}",
           R"({"weight_map": {"a": "."}})",
           R"({"weight_map": {"a": ""}})",
           // Duplicates while the names are sorted, after they stop being
           // sorted, and of names seen before that.
           R"({"weight_map": {"a": "s", "b": "s", "c": "s"}})",
           R"({"weight_map": {"a": "s", "b": "s", "b": "s"}})",
           R"({"weight_map": {"a": "s", "c": "s", "b": "s", "a": "s"}})",
           R"({"weight_map": {"b": "s", "a": "s", "b": "s"}})",
           R"({"weight_map": {"a": "s", "c": "s", "b": "s", "d": "s"}})",
           R"({"weight_map": {"": "s", "a": "s", "": "s"}})",
       }) {
    SCOPED_TRACE(text);
    EXPECT_EQ(IndexListing(ParseWeightIndex(text, "i.json")),
              IndexListing(ParseWeightIndexStrict(text, "i.json")));
  }
}

}  // namespace
}  // namespace weightwalk

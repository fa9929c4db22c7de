#include "checkpoint/index.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

TEST(IndexTest, ReadsNamesAndShardsInOrder) {
  absl::StatusOr<std::vector<CheckpointTensor>> tensors = ParseWeightIndex(
      R"({"metadata": {"total_size": 12}, "weight_map": {
            "b.weight": "model-00002-of-00002.safetensors",
            "a.weight": "model-00001-of-00002.safetensors"}})",
      "model.safetensors.index.json");
  ASSERT_TRUE(tensors.ok()) << tensors.status();
  ASSERT_EQ(tensors->size(), 2u);
  EXPECT_EQ((*tensors)[0].name(), "b.weight");
  EXPECT_EQ((*tensors)[0].shard(), "model-00002-of-00002.safetensors");
  EXPECT_FALSE((*tensors)[0].shape_known());
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

}  // namespace
}  // namespace weightwalk

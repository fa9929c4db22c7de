#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;

// Spec §3.3: router -> gate; layer_1 split into e0.w1, e0.w3, e1.w1, ...
// (interleaved per expert); layer_2 transposed and split into e.w2.
TEST(MixtralTest, ExpertsAreInterleavedW1W3) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("mixtral", "mixtral");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> lines = DescribeConverters(*manifest);
  const std::string p = "model.layers.0.block_sparse_moe.";
  EXPECT_THAT(
      std::vector<std::string>(lines.begin() + 4, lines.begin() + 7),
      ElementsAre("decoder.0.mlp.router.weight [4,256] -> " + p +
                      "gate.weight [4,256] RENAME",
                  "decoder.0.mlp.layer_1.weight [8192,256] -> " + p +
                      "experts.0.w1.weight [1024,256], " + p +
                      "experts.0.w3.weight [1024,256], " + p +
                      "experts.1.w1.weight [1024,256], " + p +
                      "experts.1.w3.weight [1024,256], " + p +
                      "experts.2.w1.weight [1024,256], " + p +
                      "experts.2.w3.weight [1024,256], " + p +
                      "experts.3.w1.weight [1024,256], " + p +
                      "experts.3.w3.weight [1024,256] SPLIT",
                  "decoder.0.mlp.layer_2.weight [4096,256] -> " + p +
                      "experts.0.w2.weight [256,1024], " + p +
                      "experts.1.w2.weight [256,1024], " + p +
                      "experts.2.w2.weight [256,1024], " + p +
                      "experts.3.w2.weight [256,1024] TRANSPOSE_SPLIT"));
}

TEST(MixtralTest, ADenseMlpCannotBeConverted) {
  EXPECT_EQ(FixtureConverters("llama", "mixtral").status().message(),
            "decoder.0.mlp: the mixtral format needs a moe MLP");
}

}  // namespace
}  // namespace weightwalk

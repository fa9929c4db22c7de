#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::Contains;
using ::testing::ElementsAreArray;
using ::testing::Not;

// Spec §3.5: the main final norm is model.mtp_norms.0 (no model.norm); the
// extra blocks are model.mtp_heads.{j} with Llama's block names; the extra
// heads' norms are model.mtp_norms.{j+1}; their output weights are tied.
TEST(MtpLlamaTest, MtpNamesAndOrder) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("mtp_llama", "mtp_llama");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> lines = DescribeConverters(*manifest);
  ASSERT_EQ(lines.size(), 25u);
  EXPECT_THAT(
      std::vector<std::string>(lines.end() - 10, lines.end()),
      ElementsAreArray({
          "multi_token_prediction.blocks.0.mixer.query.weight [256,256] -> "
          "model.mtp_heads.0.self_attn.q_proj.weight [256,256] RENAME",
          "multi_token_prediction.blocks.0.mixer.key_value.weight [256,256] -> "
          "model.mtp_heads.0.self_attn.k_proj.weight [128,256], "
          "model.mtp_heads.0.self_attn.v_proj.weight [128,256] KEY_VALUE_SPLIT",
          "multi_token_prediction.blocks.0.mixer.dense.weight [256,256] -> "
          "model.mtp_heads.0.self_attn.o_proj.weight [256,256] RENAME",
          "multi_token_prediction.blocks.0.mlp.layer_1.weight [2048,256] -> "
          "model.mtp_heads.0.mlp.gate_proj.weight [1024,256], "
          "model.mtp_heads.0.mlp.up_proj.weight [1024,256] SPLIT",
          "multi_token_prediction.blocks.0.mlp.layer_2.weight [1024,256] -> "
          "model.mtp_heads.0.mlp.down_proj.weight [256,1024] TRANSPOSE_SPLIT",
          "multi_token_prediction.blocks.0.norm_1.weight [256] -> "
          "model.mtp_heads.0.input_layernorm.weight [256] RENAME",
          "multi_token_prediction.blocks.0.norm_2.weight [256] -> "
          "model.mtp_heads.0.post_attention_layernorm.weight [256] RENAME",
          "multi_token_prediction.heads.0.final_norm.weight [256] -> "
          "model.mtp_norms.1.weight [256] RENAME",
          "head.final_norm.weight [256] -> model.mtp_norms.0.weight [256] "
          "RENAME",
          "head.output_weights [384,256] -> lm_head.weight [384,256] "
          "OUTPUT_PROJECTION",
      }));
  EXPECT_THAT(CheckpointNames(*manifest), Not(Contains("model.norm.weight")));
}

}  // namespace
}  // namespace weightwalk

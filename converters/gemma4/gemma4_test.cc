#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

// Spec §3.9: Gemma-4 names, with no .weight suffix on layer_scalar, the
// router scales and the batched experts, and the expert reshapes.
TEST(Gemma4Test, BlockNamesAndShapes) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("gemma4", "gemma4");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> lines = DescribeConverters(*manifest);
  const std::string p = "model.layers.1.";
  EXPECT_THAT(
      lines,
      IsSupersetOf({
          "decoder.1.output_scale [1] -> " + p + "layer_scalar [1] RENAME",
          "decoder.1.mlp.routed.router_scale [256] -> " + p +
              "router.scale [256] RENAME",
          "decoder.1.mlp.routed.router_per_expert_scale [4] -> " + p +
              "router.per_expert_scale [4] RENAME",
          "decoder.1.mlp.routed.router.weight [4,256] -> " + p +
              "router.proj.weight [4,256] RENAME",
          "decoder.1.mlp.routed.layer_1.weight [2048,256] -> " + p +
              "experts.gate_up_proj [4,512,256] MOE_LAYER_1_RESHAPE",
          "decoder.1.mlp.routed.layer_2.weight [1024,256] -> " + p +
              "experts.down_proj [4,256,256] MOE_LAYER_2_RESHAPE_PERMUTE",
          "decoder.1.mlp.dense.layer_1.weight [2048,256] -> " + p +
              "mlp.gate_proj.weight [1024,256], " + p +
              "mlp.up_proj.weight [1024,256] SPLIT",
          "decoder.1.mlp.dense.pre_norm.weight [256] -> " + p +
              "pre_feedforward_layernorm.weight [256] RENAME",
          "decoder.1.mlp.dense.post_norm.weight [256] -> " + p +
              "post_feedforward_layernorm_1.weight [256] RENAME",
          "decoder.1.mlp.routed.pre_norm.weight [256] -> " + p +
              "pre_feedforward_layernorm_2.weight [256] RENAME",
          "decoder.1.mlp.routed.post_norm.weight [256] -> " + p +
              "post_feedforward_layernorm_2.weight [256] RENAME",
          "decoder.1.post_mixer_norm.weight [256] -> " + p +
              "post_attention_layernorm.weight [256] RENAME",
          "decoder.1.post_mlp_norm.weight [256] -> " + p +
              "post_feedforward_layernorm.weight [256] RENAME",
          "decoder.1.mixer.query_norm.weight [32] -> " + p +
              "self_attn.q_norm.weight [32] RENAME",
          "decoder.1.mixer.key_value.weight [256,256] -> " + p +
              "self_attn.k_proj.weight [128,256], " + p +
              "self_attn.v_proj.weight [128,256] KEY_VALUE_SPLIT",
      }));
  // Tied: no lm_head; MoE blocks: no norm_2 converter.
  EXPECT_THAT(CheckpointNames(*manifest), Not(Contains("lm_head.weight")));
  EXPECT_THAT(lines, Not(Contains(HasSubstr(".norm_2."))));
}

TEST(Gemma4Test, SharedKeyValueMapsToKProjAlone) {
  absl::StatusOr<ConverterManifest> manifest = ConfigConverters(
      R"pb(hidden_size: 64
           decoder {
             num_blocks: 1
             block {
               mixer {
                 attention {
                   heads: 4
                   head_groups: 2
                   head_size: 16
                   add_linear_biases: false
                   shared_key_value: true
                 }
               }
               mlp { gated: true add_linear_biases: false }
               normalization { type: RMS_NORM }
               post_mixer_normalization { type: RMS_NORM }
               post_mlp_normalization { type: RMS_NORM }
               output_scale { enabled: true }
             }
           }
           head { normalization { type: RMS_NORM } })pb",
      "gemma4");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> lines = DescribeConverters(*manifest);
  EXPECT_THAT(lines, Contains("decoder.0.mixer.key_value.weight [32,64] -> "
                              "model.layers.0.self_attn.k_proj.weight [32,64] "
                              "RENAME"));
  EXPECT_THAT(CheckpointNames(*manifest),
              Not(Contains("model.layers.0.self_attn.v_proj.weight")));
  // A dense block keeps norm_2 as pre_feedforward_layernorm.
  EXPECT_THAT(lines, Contains("decoder.0.norm_2.weight [64] -> "
                              "model.layers.0.pre_feedforward_layernorm.weight "
                              "[64] RENAME"));
}

}  // namespace
}  // namespace weightwalk

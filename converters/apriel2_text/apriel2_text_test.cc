#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

// Spec §3.8: blocks at model.decoder.blocks.{i}, mixers under P.mixer.
TEST(Apriel2TextTest, BlocksLiveAtModelDecoderBlocks) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("apriel2_attn", "apriel2_text");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> names = CheckpointNames(*manifest);
  EXPECT_THAT(
      std::vector<std::string>(names.begin(), names.begin() + 10),
      ElementsAre("model.embed_tokens.weight",
                  "model.decoder.blocks.0.mixer.q_proj.weight",
                  "model.decoder.blocks.0.mixer.k_proj.weight",
                  "model.decoder.blocks.0.mixer.v_proj.weight",
                  "model.decoder.blocks.0.mixer.o_proj.weight",
                  "model.decoder.blocks.0.mlp.gate_proj.weight",
                  "model.decoder.blocks.0.mlp.up_proj.weight",
                  "model.decoder.blocks.0.mlp.down_proj.weight",
                  "model.decoder.blocks.0.input_layernorm.weight",
                  "model.decoder.blocks.0.post_attention_layernorm.weight"));
  EXPECT_THAT(names, Not(Contains(HasSubstr("model.layers."))));
}

TEST(Apriel2TextTest, StochasticMixersNestUnderMixers) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("apriel2_stochastic", "apriel2_text");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_THAT(
      CheckpointNames(*manifest),
      IsSupersetOf({"model.decoder.blocks.1.mixer.mixers.attn.q_proj.weight",
                    "model.decoder.blocks.1.mixer.mixers.gdn.dt_bias",
                    "model.decoder.blocks.1.mixer.mixers.kda.o_proj.weight"}));
}

TEST(Apriel2TextTest, UngatedMlpMapsLayer1ToUpProjAlone) {
  absl::StatusOr<ConverterManifest> manifest = ConfigConverters(
      "hidden_size: 8 decoder { num_blocks: 1 block { mlp { intermediate_size: "
      "16 } normalization { type: RMS_NORM } } } head { normalization { type: "
      "RMS_NORM } }",
      "apriel2_text");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_THAT(
      DescribeConverters(*manifest),
      Contains("decoder.0.mlp.layer_1.weight [16,8] -> "
               "model.decoder.blocks.0.mlp.up_proj.weight [16,8] SPLIT"));
}

// Mamba's dt_proj bias reads only the per-layer flag (spec §3.8): with
// add_linear_biases the model has dt_proj.bias and the format does not.
TEST(Apriel2TextTest, MambaDtProjBiasReadsOnlyTheExplicitFlag) {
  const auto mamba = [](const std::string& layer) {
    return "hidden_size: 16 decoder { num_blocks: 1 block { mixer { mamba { "
           "d_inner: 32 d_xb: 16 state_size: 8 dt_rank: 4 " +
           layer + " } } } }";
  };
  absl::StatusOr<ConverterManifest> implicit =
      ConfigConverters(mamba(""), "apriel2_text");
  absl::StatusOr<ConverterManifest> explicit_flag = ConfigConverters(
      mamba("dt_layer { bias { enabled: true } }"), "apriel2_text");
  ASSERT_TRUE(implicit.ok() && explicit_flag.ok());
  EXPECT_THAT(CheckpointNames(*implicit),
              Not(Contains("model.decoder.blocks.0.mixer.dt_proj.bias")));
  EXPECT_THAT(CheckpointNames(*implicit),
              Contains("model.decoder.blocks.0.mixer.in_proj.bias"));
  EXPECT_THAT(CheckpointNames(*explicit_flag),
              Contains("model.decoder.blocks.0.mixer.dt_proj.bias"));
}

}  // namespace
}  // namespace weightwalk

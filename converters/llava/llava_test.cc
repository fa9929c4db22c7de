#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

// Spec §3.10: the vision tower first, then the Mistral language model under
// language_model., and language_model.lm_head.weight even when tied.
TEST(LlavaTest, VisionTowerProjectorAndLanguageModel) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("llava", "llava");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> lines = DescribeConverters(*manifest);
  EXPECT_THAT(
      std::vector<std::string>(lines.begin(), lines.begin() + 3),
      ElementsAre("vision_encoder.embeddings.patch_embeddings.weight [256,48] "
                  "-> vision_tower.patch_conv.weight [256,3,4,4] "
                  "PATCH_EMBEDDING_RESHAPE",
                  "vision_encoder.embeddings.normalization.weight [256] -> "
                  "vision_tower.ln_pre.weight [256] RENAME",
                  "vision_encoder.encoder.0.mixer.query.weight [256,256] -> "
                  "vision_tower.transformer.layers.0.attention.q_proj.weight "
                  "[256,256] RENAME"));
  EXPECT_THAT(
      CheckpointNames(*manifest),
      IsSupersetOf(
          {"vision_tower.transformer.layers.0.feed_forward.gate_proj.weight",
           "vision_tower.transformer.layers.0.attention_norm.weight",
           "vision_tower.transformer.layers.0.ffn_norm.weight",
           "multi_modal_projector.linear_1.bias",
           "multi_modal_projector.linear_2.weight",
           "language_model.model.embed_tokens.weight",
           "language_model.model.layers.0.self_attn.q_proj.weight",
           "language_model.model.norm.weight"}));
  EXPECT_EQ(lines.back(),
            "head.output_weights [386,256] -> "
            "language_model.lm_head.weight [386,256] RENAME");
}

TEST(LlavaTest, OutputProjectionIsKeptWhenTied) {
  absl::StatusOr<ConverterManifest> manifest = ConfigConverters(
      R"pb(tied_embedding_weight: true
           hidden_size: 8
           decoder { num_blocks: 0 }
           vision_encoder {
             hidden_size: 8
             encoder { num_blocks: 0 }
           })pb",
      "llava");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_THAT(CheckpointNames(*manifest),
              Contains("language_model.lm_head.weight"));
}

TEST(LlavaTest, TextOnlyModelCannotBeConverted) {
  EXPECT_EQ(FixtureConverters("llama", "llava").status().message(),
            "the llava formats need a vision_encoder");
}

}  // namespace
}  // namespace weightwalk

#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

// Spec §3.11: the vision encoder at model.vision_encoder.*, then exactly
// apriel2_text.
TEST(Apriel2Test, VisionEncoderThenTheTextModel) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("apriel2_multimodal", "apriel2");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> names = CheckpointNames(*manifest);
  EXPECT_THAT(
      std::vector<std::string>(names.begin(), names.begin() + 4),
      ElementsAre("model.vision_encoder.embeddings.patch_embeddings.weight",
                  "model.vision_encoder.embeddings.normalization.weight",
                  "model.vision_encoder.encoder.blocks.0.mixer.q_proj.weight",
                  "model.vision_encoder.encoder.blocks.0.mixer.k_proj.weight"));
  EXPECT_THAT(
      names,
      IsSupersetOf(
          {"model.vision_encoder.encoder.blocks.0.mlp.gate_proj.weight",
           "model.vision_encoder.encoder.blocks.0.input_layernorm.weight",
           "model.vision_encoder.adapter.linear_1.weight",
           "model.vision_encoder.adapter.linear_2.bias",
           "model.decoder.blocks.0.mixer.q_proj.weight", "lm_head.weight"}));
}

TEST(Apriel2Test, TextOnlyModelIsApriel2Text) {
  absl::StatusOr<ConverterManifest> multimodal =
      FixtureConverters("apriel2_hybrid", "apriel2");
  absl::StatusOr<ConverterManifest> text =
      FixtureConverters("apriel2_hybrid", "apriel2_text");
  ASSERT_TRUE(multimodal.ok() && text.ok());
  EXPECT_EQ(DescribeConverters(*multimodal), DescribeConverters(*text));
}

}  // namespace
}  // namespace weightwalk

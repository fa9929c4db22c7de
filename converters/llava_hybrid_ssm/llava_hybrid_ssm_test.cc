#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;

// Following Fast-LLM's source (see llava_hybrid_ssm.cc): Llava's vision
// tower, embeddings and Mistral blocks, and Llama's head at the root.
TEST(LlavaHybridSsmTest, LlavaBodyWithLlamasHead) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("llava", "llava_hybrid_ssm");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> names = CheckpointNames(*manifest);
  EXPECT_THAT(
      names,
      IsSupersetOf({"vision_tower.patch_conv.weight",
                    "language_model.model.layers.0.self_attn.q_proj.weight",
                    "model.norm.weight", "lm_head.weight"}));
  EXPECT_THAT(names, Not(Contains("language_model.lm_head.weight")));
}

}  // namespace
}  // namespace weightwalk

#include <string>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::Contains;

// Spec §3.6: Dream's weights are Qwen2's.
TEST(DreamTest, WeightsAreQwen2s) {
  absl::StatusOr<ConverterManifest> dream = FixtureConverters("dream", "dream");
  absl::StatusOr<ConverterManifest> qwen2 = FixtureConverters("dream", "qwen2");
  ASSERT_TRUE(dream.ok() && qwen2.ok());
  EXPECT_EQ(DescribeConverters(*dream), DescribeConverters(*qwen2));
  EXPECT_THAT(CheckpointNames(*dream),
              Contains("model.layers.0.self_attn.k_proj.bias"));
}

}  // namespace
}  // namespace weightwalk

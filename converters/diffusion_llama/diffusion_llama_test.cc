#include <string>

#include "converters/format_testing.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

// Spec §3.6: DiffusionLlama's weights are Llama's.
TEST(DiffusionLlamaTest, WeightsAreLlamas) {
  absl::StatusOr<ConverterManifest> diffusion =
      FixtureConverters("diffusion_llama", "diffusion_llama");
  absl::StatusOr<ConverterManifest> llama =
      FixtureConverters("diffusion_llama", "llama");
  ASSERT_TRUE(diffusion.ok() && llama.ok());
  EXPECT_EQ(DescribeConverters(*diffusion), DescribeConverters(*llama));
}

}  // namespace
}  // namespace weightwalk

#include <string>

#include "converters/format_testing.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

// Spec §3.2: Mistral's weights are Llama's.
TEST(MistralTest, WeightsAreLlamas) {
  absl::StatusOr<ConverterManifest> mistral =
      FixtureConverters("mistral", "mistral");
  absl::StatusOr<ConverterManifest> llama =
      FixtureConverters("mistral", "llama");
  ASSERT_TRUE(mistral.ok() && llama.ok()) << mistral.status();
  EXPECT_EQ(DescribeConverters(*mistral), DescribeConverters(*llama));
  EXPECT_EQ(mistral->converters_size(), 17);
}

}  // namespace
}  // namespace weightwalk

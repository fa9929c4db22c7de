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

// Spec §3.4: q/k/v biases always, no dense bias, whatever the config says.
TEST(Qwen2Test, QueryAndKeyValueBiasesAlwaysDenseNever) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("qwen_2", "qwen2");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> names = CheckpointNames(*manifest);
  EXPECT_THAT(names, IsSupersetOf({"model.layers.0.self_attn.q_proj.bias",
                                   "model.layers.0.self_attn.k_proj.bias",
                                   "model.layers.0.self_attn.v_proj.bias"}));
  EXPECT_THAT(names, Not(Contains("model.layers.0.self_attn.o_proj.bias")));
  EXPECT_THAT(names, Not(Contains(HasSubstr("mlp.gate_proj.bias"))));

  // On llama (no biases at all) Qwen2 still emits them: phantoms.
  absl::StatusOr<ConverterManifest> on_llama =
      FixtureConverters("llama", "qwen2");
  ASSERT_TRUE(on_llama.ok());
  EXPECT_THAT(CheckpointNames(*on_llama),
              Contains("model.layers.1.self_attn.q_proj.bias"));
}

}  // namespace
}  // namespace weightwalk

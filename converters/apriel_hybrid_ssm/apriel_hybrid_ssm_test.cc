#include <string>
#include <vector>

#include "converters/format_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

// Spec §3.7: attention blocks at model.layers.{i}.self_attn, SSM blocks at
// model.layers.{i}.mixer, Mamba's convolution as conv1d.
TEST(AprielHybridSsmTest, DispatchesBlocksByMixerType) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("apriel2_hybrid", "apriel_hybrid_ssm");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> names = CheckpointNames(*manifest);
  EXPECT_THAT(names, IsSupersetOf({"model.layers.0.self_attn.q_proj.weight",
                                   "model.layers.1.self_attn.o_proj.weight",
                                   "model.layers.2.mixer.in_proj_qkvz.weight",
                                   "model.layers.2.mixer.norm.weight",
                                   "model.layers.3.mixer.q_conv.weight",
                                   "model.layers.3.mixer.dt_bias",
                                   "model.layers.3.input_layernorm.weight"}));
}

TEST(AprielHybridSsmTest, MambaNames) {
  absl::StatusOr<ConverterManifest> manifest =
      FixtureConverters("apriel2_mamba", "apriel_hybrid_ssm");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  const std::vector<std::string> names = CheckpointNames(*manifest);
  const std::vector<std::string> mixer(names.begin() + 1, names.begin() + 8);
  EXPECT_THAT(
      mixer, ElementsAre("model.layers.0.mixer.in_proj.weight",
                         "model.layers.0.mixer.dt_in_proj.weight",
                         "model.layers.0.mixer.dt_proj.weight",
                         "model.layers.0.mixer.conv1d.weight",
                         "model.layers.0.mixer.A_log", "model.layers.0.mixer.D",
                         "model.layers.0.mixer.out_proj.weight"));
}

TEST(AprielHybridSsmTest, StochasticMixerCannotBeConverted) {
  EXPECT_EQ(FixtureConverters("apriel2_stochastic", "apriel_hybrid_ssm")
                .status()
                .message(),
            "decoder.0.mixer: the apriel_hybrid_ssm format has no converter "
            "for a stochastic mixer");
}

}  // namespace
}  // namespace weightwalk

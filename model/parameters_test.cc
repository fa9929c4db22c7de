#include "model/parameters.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "model/fixture.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAreArray;

// "name [a,b]" per parameter, plus " tied:group" when tied.
std::vector<std::string> Describe(const ParameterManifest& manifest) {
  std::vector<std::string> lines;
  for (const Parameter& parameter : manifest.parameters()) {
    std::string line = absl::StrCat(parameter.name(), " [",
                                    absl::StrJoin(parameter.shape(), ","), "]");
    if (!parameter.tied_group().empty()) {
      absl::StrAppend(&line, " tied:", parameter.tied_group());
    }
    lines.push_back(line);
  }
  return lines;
}

ParameterManifest ManifestOfFixture(const std::string& name) {
  absl::StatusOr<LoadedFixture> fixture =
      LoadFixture(absl::StrCat("fixtures/", name, ".textproto"));
  EXPECT_TRUE(fixture.ok()) << fixture.status();
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(fixture->model);
  EXPECT_TRUE(resolved.ok()) << resolved.status();
  absl::StatusOr<ParameterManifest> manifest =
      BuildParameterManifest(*resolved, name);
  EXPECT_TRUE(manifest.ok()) << manifest.status();
  return *manifest;
}

ParameterManifest ManifestOfConfig(const std::string& text) {
  ModelConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config));
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(config);
  EXPECT_TRUE(resolved.ok()) << resolved.status();
  return *BuildParameterManifest(*resolved, "test");
}

// Spec §1.13, the worked example, with erratum E1 (the head's own
// output_weights before its final_norm child), in named_parameters() order:
// block 0 in full, then block 1.
TEST(ParametersTest, LlamaFixtureIsTheWorkedExample) {
  std::vector<std::string> expected = {
      "embeddings.word_embeddings_weight [384,256]"};
  for (int i = 0; i < 2; ++i) {
    const std::string block = absl::StrCat("decoder.", i, ".");
    for (const char* line :
         {"norm_1.weight [256]", "norm_2.weight [256]",
          "mixer.query.weight [256,256]", "mixer.key_value.weight [256,256]",
          "mixer.dense.weight [256,256]", "mlp.layer_1.weight [2048,256]",
          "mlp.layer_2.weight [1024,256]"}) {
      expected.push_back(block + line);
    }
  }
  expected.push_back("head.output_weights [384,256]");
  expected.push_back("head.final_norm.weight [256]");
  EXPECT_THAT(Describe(ManifestOfFixture("llama")), ElementsAreArray(expected));
}

// gpt_2: LayerNorm biases, position embeddings, linear biases, MHA
// (key_value is 2 * 8 * 32 rows), a plain GELU MLP, tied embeddings.
TEST(ParametersTest, Gpt2HasBiasesPositionEmbeddingsAndATiedGroup) {
  std::vector<std::string> expected = {
      "embeddings.word_embeddings_weight [384,256] "
      "tied:embeddings.word_embeddings_weight",
      "embeddings.position_embeddings_weight [512,256]"};
  for (int i = 0; i < 2; ++i) {
    const std::string block = absl::StrCat("decoder.", i, ".");
    for (const char* line :
         {"norm_1.weight [256]", "norm_1.bias [256]", "norm_2.weight [256]",
          "norm_2.bias [256]", "mixer.query.weight [256,256]",
          "mixer.query.bias [256]", "mixer.key_value.weight [512,256]",
          "mixer.key_value.bias [512]", "mixer.dense.weight [256,256]",
          "mixer.dense.bias [256]", "mlp.layer_1.weight [1024,256]",
          "mlp.layer_1.bias [1024]", "mlp.layer_2.weight [1024,256]",
          "mlp.layer_2.bias [256]"}) {
      expected.push_back(block + line);
    }
  }
  expected.push_back(
      "head.output_weights [384,256] tied:embeddings.word_embeddings_weight");
  expected.push_back("head.final_norm.weight [256]");
  expected.push_back("head.final_norm.bias [256]");
  EXPECT_THAT(Describe(ManifestOfFixture("gpt_2")), ElementsAreArray(expected));
}

TEST(ParametersTest, StarcoderIsMultiQuery) {
  const std::vector<std::string> lines =
      Describe(ManifestOfFixture("starcoder"));
  EXPECT_THAT(lines,
              ::testing::Contains("decoder.0.mixer.key_value.weight [64,256]"));
}

TEST(ParametersTest, Starcoder2HasNoPositionEmbeddings) {
  const std::vector<std::string> lines =
      Describe(ManifestOfFixture("starcoder_2"));
  EXPECT_EQ(lines[0],
            "embeddings.word_embeddings_weight [384,256] "
            "tied:embeddings.word_embeddings_weight");
  EXPECT_EQ(lines[1], "decoder.0.norm_1.weight [256]");
  EXPECT_THAT(
      lines, ::testing::Contains("decoder.0.mixer.key_value.weight [256,256]"));
}

TEST(ParametersTest, DefaultsAreFastLlmsDefaults) {
  // hidden 1024, vocab 49152, 12 blocks, 8 heads of 128, 1 group, biases on,
  // LayerNorm, non-gated MLP of 4096.
  const ParameterManifest manifest = ManifestOfConfig("");
  const std::vector<std::string> lines = Describe(manifest);
  EXPECT_EQ(lines.front(), "embeddings.word_embeddings_weight [49152,1024]");
  EXPECT_THAT(lines, ::testing::Contains("decoder.11.norm_1.bias [1024]"));
  EXPECT_THAT(lines, ::testing::Contains(
                         "decoder.0.mixer.key_value.weight [256,1024]"));
  EXPECT_THAT(lines,
              ::testing::Contains("decoder.0.mlp.layer_1.weight [4096,1024]"));
  EXPECT_EQ(manifest.parameters_size(), 1 + 12 * 14 + 3);
}

TEST(ParametersTest, PerLayerBiasOverridesFallBackToAddLinearBiases) {
  // Qwen2-style: biases off, but q/k/v on and dense explicitly off.
  const std::vector<std::string> lines = Describe(ManifestOfConfig(R"pb(
    hidden_size: 64
    decoder {
      num_blocks: 1
      block {
        mixer {
          attention {
            heads: 4
            head_groups: 2
            head_size: 16
            add_linear_biases: false
            query_layer { bias { enabled: true } }
            key_layer { bias { enabled: true } }
            value_layer { bias { enabled: true } }
          }
        }
      }
    }
  )pb"));
  EXPECT_THAT(lines, ::testing::Contains("decoder.0.mixer.query.bias [64]"));
  EXPECT_THAT(lines,
              ::testing::Contains("decoder.0.mixer.key_value.bias [64]"));
  EXPECT_THAT(
      lines,
      ::testing::Not(::testing::Contains("decoder.0.mixer.dense.bias [64]")));
}

TEST(ParametersTest, SharedKeyValueHoldsKeysOnlyAndNormsFollowType) {
  const std::vector<std::string> lines = Describe(ManifestOfConfig(R"pb(
    hidden_size: 64
    decoder {
      num_blocks: 1
      block {
        output_scale { enabled: true }
        post_mixer_normalization { type: RMS_NORM }
        mixer {
          attention {
            heads: 4
            head_groups: 2
            head_size: 16
            add_linear_biases: false
            shared_key_value: true
            query_norm { type: RMS_NORM }
            key_norm { type: LAYER_NORM }
            value_norm { type: FIXED_RMS_NORM }
          }
        }
      }
    }
  )pb"));
  const std::vector<std::string> block(lines.begin() + 1, lines.begin() + 13);
  EXPECT_THAT(block, ElementsAreArray({
                         "decoder.0.output_scale [1]",
                         "decoder.0.norm_1.weight [64]",
                         "decoder.0.norm_1.bias [64]",
                         "decoder.0.norm_2.weight [64]",
                         "decoder.0.norm_2.bias [64]",
                         "decoder.0.post_mixer_norm.weight [64]",
                         "decoder.0.mixer.query.weight [64,64]",
                         "decoder.0.mixer.key_value.weight [32,64]",
                         "decoder.0.mixer.query_norm.weight [16]",
                         "decoder.0.mixer.key_norm.weight [16]",
                         "decoder.0.mixer.key_norm.bias [16]",
                         "decoder.0.mixer.dense.weight [64,64]",
                     }));
}

TEST(ParametersTest, MultiTokenPredictionHeadsShareTheOutputMatrix) {
  const std::vector<std::string> lines = Describe(ManifestOfConfig(R"pb(
    hidden_size: 32
    embeddings { vocab_size: 10 }
    decoder {
      num_blocks: 1
      block { normalization { type: RMS_NORM } }
    }
    head {
      prediction_heads: 3
      normalization { type: RMS_NORM }
    }
  )pb"));
  EXPECT_THAT(lines,
              ::testing::Contains(
                  "head.output_weights [10,32] tied:head.output_weights"));
  EXPECT_THAT(lines, ::testing::Contains(
                         "multi_token_prediction.blocks.1.norm_1.weight [32]"));
  EXPECT_THAT(lines, ::testing::Contains(
                         "multi_token_prediction.heads.1.output_weights "
                         "[10,32] tied:head.output_weights"));
  EXPECT_EQ(lines.back(),
            "multi_token_prediction.heads.1.final_norm.weight [32]");
}

TEST(ParametersTest, PatternSequenceCyclesThroughNamedBlocks) {
  const std::vector<std::string> lines = Describe(ManifestOfConfig(R"pb(
    hidden_size: 32
    decoder {
      type: PATTERN
      num_blocks: 3
      pattern: [ "a", "b" ]
      blocks {
        key: "a"
        value { normalization { type: RMS_NORM } }
      }
      blocks {
        key: "b"
        value { normalization { type: NONE } }
      }
    }
  )pb"));
  EXPECT_THAT(lines, ::testing::Contains("decoder.0.norm_1.weight [32]"));
  EXPECT_THAT(lines, ::testing::Contains("decoder.2.norm_1.weight [32]"));
  EXPECT_THAT(lines, ::testing::Not(
                         ::testing::Contains("decoder.1.norm_1.weight [32]")));
}

}  // namespace
}  // namespace weightwalk

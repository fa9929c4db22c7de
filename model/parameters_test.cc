#include "model/parameters.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
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

// The parameter names of block `i`, without the "decoder.{i}." prefix.
std::vector<std::string> BlockSuffixes(const ParameterManifest& manifest,
                                       int i) {
  const std::string prefix = absl::StrCat("decoder.", i, ".");
  std::vector<std::string> suffixes;
  for (const Parameter& parameter : manifest.parameters()) {
    if (absl::StartsWith(parameter.name(), prefix)) {
      suffixes.push_back(
          absl::StrCat(parameter.name().substr(prefix.size()), " [",
                       absl::StrJoin(parameter.shape(), ","), "]"));
    }
  }
  return suffixes;
}

// Spec §1.8: expert-major layer_1 of [E·2F, H], layer_2 of [E·F, H], router
// [E, H] after the layers.
TEST(ParametersTest, MixtralHasExpertMajorLayersAndARouter) {
  EXPECT_THAT(
      BlockSuffixes(ManifestOfFixture("mixtral"), 0),
      ElementsAreArray(
          {"norm_1.weight [256]", "norm_2.weight [256]",
           "mixer.query.weight [256,256]", "mixer.key_value.weight [256,256]",
           "mixer.dense.weight [256,256]", "mlp.layer_1.weight [8192,256]",
           "mlp.layer_2.weight [4096,256]", "mlp.router.weight [4,256]"}));
}

// Spec §1.2 and §1.12: one extra block and head; every head's output
// matrix ties to head.output_weights.
TEST(ParametersTest, MtpLlamaTiesEveryHeadToTheMainOutput) {
  const std::vector<std::string> lines =
      Describe(ManifestOfFixture("mtp_llama"));
  const std::vector<std::string> tail(lines.end() - 11, lines.end());
  EXPECT_THAT(
      tail,
      ElementsAreArray(
          {"head.output_weights [384,256] tied:head.output_weights",
           "head.final_norm.weight [256]",
           "multi_token_prediction.blocks.0.norm_1.weight [256]",
           "multi_token_prediction.blocks.0.norm_2.weight [256]",
           "multi_token_prediction.blocks.0.mixer.query.weight [256,256]",
           "multi_token_prediction.blocks.0.mixer.key_value.weight [256,256]",
           "multi_token_prediction.blocks.0.mixer.dense.weight [256,256]",
           "multi_token_prediction.blocks.0.mlp.layer_1.weight [2048,256]",
           "multi_token_prediction.blocks.0.mlp.layer_2.weight [1024,256]",
           "multi_token_prediction.heads.0.output_weights [384,256] "
           "tied:head.output_weights",
           "multi_token_prediction.heads.0.final_norm.weight [256]"}));
}

// Spec §1.3, §1.6, §1.8, §3.9: output_scale first (an own parameter),
// RMSNorm post-norms, no norm_2 (pre_mlp_normalization none), per-head norms
// with no weight for the fixed value norm, and the hybrid MoE with
// router_scale and router_per_expert_scale first among the routed MLP's
// parameters.
constexpr const char* kGemma4Block[] = {
    "output_scale [1]",
    "norm_1.weight [256]",
    "post_mixer_norm.weight [256]",
    "post_mlp_norm.weight [256]",
    "mixer.query.weight [256,256]",
    "mixer.key_value.weight [256,256]",
    "mixer.query_norm.weight [32]",
    "mixer.key_norm.weight [32]",
    "mixer.dense.weight [256,256]",
    "mlp.dense.pre_norm.weight [256]",
    "mlp.dense.post_norm.weight [256]",
    "mlp.dense.layer_1.weight [2048,256]",
    "mlp.dense.layer_2.weight [1024,256]",
    "mlp.routed.router_scale [256]",
    "mlp.routed.router_per_expert_scale [4]",
    "mlp.routed.pre_norm.weight [256]",
    "mlp.routed.post_norm.weight [256]",
    "mlp.routed.layer_1.weight [2048,256]",
    "mlp.routed.layer_2.weight [1024,256]",
    "mlp.routed.router.weight [4,256]",
};

TEST(ParametersTest, Gemma4BothBlocksHaveTheGemmaParameters) {
  const ParameterManifest manifest = ManifestOfFixture("gemma4");
  EXPECT_THAT(BlockSuffixes(manifest, 0), ElementsAreArray(kGemma4Block));
  EXPECT_THAT(BlockSuffixes(manifest, 1), ElementsAreArray(kGemma4Block));
  EXPECT_EQ(manifest.parameters(0).tied_group(),
            "embeddings.word_embeddings_weight");
}

// The failure Fast-LLM's PR #527 found: both gemma4 blocks are built from
// one shared override fragment. Here the fragment is merged into both blocks
// and resolved; both must resolve as intended, and resolving must leave the
// fragment and the config untouched.
TEST(ParametersTest, Gemma4SharedOverrideFragmentResolvesInBothBlocks) {
  DecoderBlockConfig overrides;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(post_mixer_normalization { type: RMS_NORM }
           post_mlp_normalization { type: RMS_NORM }
           pre_mlp_normalization { type: NONE }
           output_scale { enabled: true lr_scale: 0 })pb",
      &overrides));
  const std::string overrides_before = overrides.DebugString();
  absl::StatusOr<LoadedFixture> llama = LoadFixture("fixtures/llama.textproto");
  ASSERT_TRUE(llama.ok());
  ModelConfig config = llama->model;
  const DecoderBlockConfig llama_block = config.decoder().block();
  BlockSequenceConfig* decoder = config.mutable_decoder();
  decoder->Clear();
  decoder->set_type(BlockSequenceConfig::PATTERN);
  decoder->set_num_blocks(2);
  for (const char* name : {"sliding_attention", "full_attention"}) {
    decoder->add_pattern(name);
    DecoderBlockConfig& block = (*decoder->mutable_blocks())[name];
    block = llama_block;
    MergeOverrides(overrides, &block);
  }
  const std::string config_before = config.DebugString();

  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(config);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(overrides.DebugString(), overrides_before);
  EXPECT_EQ(config.DebugString(), config_before);
  for (const char* name : {"sliding_attention", "full_attention"}) {
    SCOPED_TRACE(name);
    const DecoderBlockConfig& block = resolved->decoder().blocks().at(name);
    EXPECT_EQ(block.post_mixer_normalization().type(),
              NormalizationConfig::RMS_NORM);
    EXPECT_EQ(block.post_mlp_normalization().type(),
              NormalizationConfig::RMS_NORM);
    EXPECT_EQ(block.pre_mlp_normalization().type(), NormalizationConfig::NONE);
    EXPECT_TRUE(block.output_scale().enabled());
  }
  const ParameterManifest manifest = *BuildParameterManifest(*resolved, "x");
  EXPECT_EQ(BlockSuffixes(manifest, 0), BlockSuffixes(manifest, 1));
  EXPECT_THAT(BlockSuffixes(manifest, 1),
              ::testing::IsSupersetOf({"output_scale [1]",
                                       "post_mixer_norm.weight [256]",
                                       "post_mlp_norm.weight [256]"}));
  EXPECT_THAT(
      BlockSuffixes(manifest, 1),
      ::testing::Not(::testing::Contains(::testing::HasSubstr("norm.bias"))));
}

// Spec §1.9 and §1.10: every sub-mixer under mixer.mixers.{name}, in order.
TEST(ParametersTest, Apriel2StochasticHasEveryMixer) {
  const std::vector<std::string> suffixes =
      BlockSuffixes(ManifestOfFixture("apriel2_stochastic"), 0);
  EXPECT_THAT(suffixes, ElementsAreArray({
                            "norm_1.weight [256]",
                            "norm_2.weight [256]",
                            "mixer.mixers.attn.query.weight [256,256]",
                            "mixer.mixers.attn.key_value.weight [256,256]",
                            "mixer.mixers.attn.dense.weight [256,256]",
                            "mixer.mixers.gdn.dt_bias [8]",
                            "mixer.mixers.gdn.A_log [8]",
                            "mixer.mixers.gdn.in_proj_qkvz.weight [1024,256]",
                            "mixer.mixers.gdn.in_proj_ba.weight [16,256]",
                            "mixer.mixers.gdn.convolution.weight [768,1,4]",
                            "mixer.mixers.gdn.out_proj.weight [256,256]",
                            "mixer.mixers.gdn.norm.weight [32]",
                            "mixer.mixers.kda.dt_bias [256]",
                            "mixer.mixers.kda.A_log [8]",
                            "mixer.mixers.kda.q_proj.weight [256,256]",
                            "mixer.mixers.kda.k_proj.weight [256,256]",
                            "mixer.mixers.kda.v_proj.weight [256,256]",
                            "mixer.mixers.kda.q_conv.weight [256,1,4]",
                            "mixer.mixers.kda.k_conv.weight [256,1,4]",
                            "mixer.mixers.kda.v_conv.weight [256,1,4]",
                            "mixer.mixers.kda.f_a_proj.weight [32,256]",
                            "mixer.mixers.kda.f_b_proj.weight [256,32]",
                            "mixer.mixers.kda.g_a_proj.weight [32,256]",
                            "mixer.mixers.kda.g_b_proj.weight [256,32]",
                            "mixer.mixers.kda.beta_proj.weight [8,256]",
                            "mixer.mixers.kda.o_proj.weight [256,256]",
                            "mixer.mixers.kda.norm.weight [32]",
                            "mlp.layer_1.weight [2048,256]",
                            "mlp.layer_2.weight [1024,256]",
                        }));
}

// Spec §1.10: Mamba's own A_log and D first, the convolution over d_inner
// channels (repeat_kv_before_conv), in_proj rows z, x, b, c.
TEST(ParametersTest, Apriel2MambaFollowsTheMambaLayout) {
  EXPECT_THAT(BlockSuffixes(ManifestOfFixture("apriel2_mamba"), 0),
              ElementsAreArray({
                  "norm_1.weight [256]",
                  "norm_2.weight [256]",
                  "mixer.A_log [512,8]",
                  "mixer.D [512]",
                  "mixer.convolution.weight [512,1,4]",
                  "mixer.in_proj.weight [1536,256]",
                  "mixer.dt_in_proj.weight [16,256]",
                  "mixer.dt_proj.weight [512,16]",
                  "mixer.out_proj.weight [256,512]",
                  "mlp.layer_1.weight [2048,256]",
                  "mlp.layer_2.weight [1024,256]",
              }));
}

// Spec §1.11: the vision encoder is registered last, with patch embeddings
// [Hv, 3·4·4], an RMS normalization, one encoder block with MHA (8 groups),
// and a plain GELU adapter with biases.
TEST(ParametersTest, LlavaHasTheVisionEncoderLast) {
  const std::vector<std::string> lines = Describe(ManifestOfFixture("llava"));
  const std::vector<std::string> tail(lines.end() - 14, lines.end());
  EXPECT_THAT(tail,
              ElementsAreArray({
                  "head.final_norm.weight [256]",
                  "vision_encoder.embeddings.patch_embeddings.weight [256,48]",
                  "vision_encoder.embeddings.normalization.weight [256]",
                  "vision_encoder.encoder.0.norm_1.weight [256]",
                  "vision_encoder.encoder.0.norm_2.weight [256]",
                  "vision_encoder.encoder.0.mixer.query.weight [256,256]",
                  "vision_encoder.encoder.0.mixer.key_value.weight [512,256]",
                  "vision_encoder.encoder.0.mixer.dense.weight [256,256]",
                  "vision_encoder.encoder.0.mlp.layer_1.weight [2048,256]",
                  "vision_encoder.encoder.0.mlp.layer_2.weight [1024,256]",
                  "vision_encoder.adapter.layer_1.weight [256,256]",
                  "vision_encoder.adapter.layer_1.bias [256]",
                  "vision_encoder.adapter.layer_2.weight [256,256]",
                  "vision_encoder.adapter.layer_2.bias [256]",
              }));
  EXPECT_EQ(lines[0], "embeddings.word_embeddings_weight [386,256]");
}

// Issue 17, B2: MoE layers with their own bias enabled, as Fast-LLM builds
// them: layer_1's over every expert's rows, layer_2's over the output.
TEST(ParametersTest, MoeLayerBiasesFollowTheLayersOwnFlag) {
  const std::vector<std::string> names = Describe(ManifestOfConfig(R"pb(
    hidden_size: 16
    embeddings { vocab_size: 8 }
    decoder {
      num_blocks: 1
      block {
        mixer { attention { heads: 2 head_size: 8 add_linear_biases: false } }
        normalization { type: RMS_NORM }
        mlp {
          type: MOE
          experts: 4
          intermediate_size: 32
          gated: true
          add_linear_biases: false
          layer_1 { bias { enabled: true } }
          layer_2 { bias { enabled: true } }
        }
      }
    }
  )pb"));
  EXPECT_THAT(names, ::testing::IsSupersetOf({
                         "decoder.0.mlp.layer_1.weight [256,16]",
                         "decoder.0.mlp.layer_1.bias [256]",
                         "decoder.0.mlp.layer_2.weight [128,16]",
                         "decoder.0.mlp.layer_2.bias [16]",
                     }));
}

// Issue 17, B1: the stochastic mixers' parameters in name order.
TEST(ParametersTest, StochasticMixersInNameOrder) {
  const std::vector<std::string> names = Describe(ManifestOfConfig(R"pb(
    hidden_size: 16
    embeddings { vocab_size: 8 }
    decoder {
      num_blocks: 1
      block {
        mixer {
          stochastic {
            mixers {
              name: "b"
              mixer {
                attention { heads: 2 head_size: 8 add_linear_biases: false }
              }
            }
            mixers {
              name: "a"
              mixer { kda { heads: 2 head_dim: 8 } }
            }
          }
        }
        normalization { type: RMS_NORM }
        mlp { add_linear_biases: false }
      }
    }
  )pb"));
  const auto first = [&](const std::string& prefix) {
    return std::find_if(names.begin(), names.end(),
                        [&](const std::string& name) {
                          return absl::StartsWith(name, prefix);
                        }) -
           names.begin();
  };
  EXPECT_LT(first("decoder.0.mixer.mixers.a."),
            first("decoder.0.mixer.mixers.b."));
}

TEST(ParametersTest, AllTwentyFiveFixturesResolve) {
  for (const char* name : {"gpt_2",
                           "starcoder",
                           "starcoder_2",
                           "llama",
                           "llama_3",
                           "llama_yarn",
                           "diffusion_llama",
                           "mtp_llama",
                           "qwen_2",
                           "dream",
                           "mistral",
                           "mistral_distill_logits",
                           "mistral_distill_activations",
                           "mixtral",
                           "llava",
                           "llama_grpo",
                           "llama_gspo",
                           "apriel2_attn",
                           "apriel2_mamba",
                           "apriel2_gdn",
                           "apriel2_kda",
                           "apriel2_hybrid",
                           "apriel2_stochastic",
                           "apriel2_multimodal",
                           "gemma4"}) {
    SCOPED_TRACE(name);
    EXPECT_GT(ManifestOfFixture(name).parameters_size(), 0);
  }
}

}  // namespace
}  // namespace weightwalk

#include "model/resolve.h"

#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace weightwalk {
namespace {

ModelConfig Parse(const std::string& text) {
  ModelConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config));
  return config;
}

std::string ErrorOf(const std::string& text) {
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(Parse(text));
  EXPECT_FALSE(resolved.ok());
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(resolved.status().message());
}

TEST(ResolveTest, FillsFastLlmDefaults) {
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(ModelConfig());
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->hidden_size(), 1024);
  EXPECT_EQ(resolved->embeddings().vocab_size(), 49152);
  EXPECT_EQ(resolved->decoder().type(), BlockSequenceConfig::FIXED);
  EXPECT_EQ(resolved->decoder().num_blocks(), 12);
  const DecoderBlockConfig& block = resolved->decoder().block();
  EXPECT_EQ(block.normalization().type(), NormalizationConfig::LAYER_NORM);
  EXPECT_EQ(block.pre_mixer_normalization().type(),
            NormalizationConfig::LAYER_NORM);
  EXPECT_DOUBLE_EQ(block.normalization().epsilon(), 1e-5);
  ASSERT_TRUE(block.mixer().has_attention());
  EXPECT_EQ(block.mixer().attention().heads(), 8);
  EXPECT_EQ(block.mixer().attention().head_groups(), 1);
  EXPECT_EQ(block.mixer().attention().head_size(), 128);
  // A layer's bias flag stays unset; its owner's add_linear_biases decides.
  EXPECT_FALSE(block.mixer().attention().query_layer().bias().has_enabled());
  EXPECT_TRUE(block.mixer().attention().add_linear_biases());
  EXPECT_EQ(block.mixer().attention().rotary().type(), RotaryConfig::NONE);
  EXPECT_EQ(block.mlp().activation(), GELU);
  EXPECT_FALSE(block.has_post_mixer_normalization());
  EXPECT_EQ(resolved->head().prediction_heads(), 1);
}

TEST(ResolveTest, UnsetIsNotFalse) {
  // add_linear_biases unset means true; explicitly false means false.
  absl::StatusOr<ModelConfig> unset =
      ResolveModelConfig(Parse("decoder { block { mixer { attention {} } } }"));
  absl::StatusOr<ModelConfig> off =
      ResolveModelConfig(Parse("decoder { block { mixer { attention { "
                               "add_linear_biases: false } } } }"));
  ASSERT_TRUE(unset.ok() && off.ok());
  const AttentionConfig& on_attention =
      unset->decoder().block().mixer().attention();
  const AttentionConfig& off_attention =
      off->decoder().block().mixer().attention();
  EXPECT_TRUE(EffectiveBias(on_attention.dense_layer(),
                            on_attention.add_linear_biases()));
  EXPECT_FALSE(EffectiveBias(off_attention.dense_layer(),
                             off_attention.add_linear_biases()));
  // An explicit per-layer flag wins over the default.
  AffineLinearConfig layer;
  layer.mutable_bias()->set_enabled(false);
  EXPECT_FALSE(EffectiveBias(layer, true));
}

TEST(ResolveTest, GatedMlpDefaultsToSilu) {
  absl::StatusOr<ModelConfig> resolved =
      ResolveModelConfig(Parse("decoder { block { mlp { gated: true } } }"));
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->decoder().block().mlp().activation(), SILU);
}

TEST(ResolveTest, DoesNotMutateItsInput) {
  const ModelConfig input =
      Parse("decoder { block { normalization { type: RMS_NORM } } }");
  const std::string before = input.DebugString();
  ASSERT_TRUE(ResolveModelConfig(input).ok());
  EXPECT_EQ(input.DebugString(), before);
}

TEST(ResolveTest, ErrorsNameTheConfigPath) {
  EXPECT_EQ(ErrorOf("decoder { block { mixer { attention { heads: 0 } } } }"),
            "decoder.block.mixer.heads: must be positive, got 0");
  EXPECT_EQ(ErrorOf("hidden_size: -4"),
            "hidden_size: must be positive, got -4");
  EXPECT_EQ(ErrorOf("decoder { num_blocks: -1 }"),
            "decoder.num_blocks: must not be negative, got -1");
  EXPECT_EQ(
      ErrorOf("decoder { block { mixer { attention { heads: 8 head_groups: 3 } "
              "} } }"),
      "decoder.block.mixer.head_groups: heads (8) must be divisible by "
      "head_groups (3)");
  EXPECT_EQ(ErrorOf("head { normalization { type: NONE epsilon: 1e-6 } }"),
            "head.normalization.epsilon: not a field of normalization type "
            "none");
  EXPECT_EQ(
      ErrorOf(
          "decoder { block { mixer { attention { rotary { theta: 5 } } } } }"),
      "decoder.block.mixer.rotary.theta: not a field of rotary type none");
}

// The limits of resolve.h: far above real models, below overflow.
TEST(ResolveTest, RejectsSizesAndCountsOverTheLimits) {
  EXPECT_TRUE(ResolveModelConfig(Parse("hidden_size: 1073741824")).ok());
  EXPECT_EQ(ErrorOf("hidden_size: 1073741825"),
            "hidden_size: 1073741825 is over weightwalk's limit of 1073741824 "
            "for any size or count");
  // A map entry is named by its key.
  EXPECT_EQ(ErrorOf(R"pb(decoder {
                           type: PATTERN
                           pattern: "a"
                           blocks {
                             key: "a"
                             value { mlp { intermediate_size: 9000000000 } }
                           }
                         })pb"),
            "decoder.blocks.a.mlp.intermediate_size: 9000000000 is over "
            "weightwalk's limit of 1073741824 for any size or count");
  // Issue 8's largest scale fixture, 1,000 blocks x 256 experts, is in.
  EXPECT_TRUE(
      ResolveModelConfig(
          Parse(R"pb(decoder {
                       num_blocks: 1000
                       block {
                         mlp { type: MOE experts: 256 add_linear_biases: false }
                       }
                     })pb"))
          .ok());
  EXPECT_EQ(ErrorOf("decoder { num_blocks: 200000000 }"),
            "decoder: 200000001 blocks and heads with up to 0 experts each "
            "would make about 6400000032 checkpoint names, over weightwalk's "
            "limit of 1200000");
  // 1,200 blocks of 256 experts: 1,267,200 by the estimate.
  EXPECT_EQ(
      ErrorOf(R"pb(decoder {
                     num_blocks: 1199
                     block {
                       mlp { type: MOE experts: 256 add_linear_biases: false }
                     }
                   })pb"),
      "decoder: 1200 blocks and heads with up to 256 experts each would "
      "make about 1267200 checkpoint names, over weightwalk's limit of "
      "1200000");
}

TEST(ResolveTest, PatternErrorsNameThePath) {
  EXPECT_EQ(ErrorOf(R"pb(decoder {
                           type: PATTERN
                           pattern: [ "a", "b" ]
                           blocks {
                             key: "a"
                             value {}
                           }
                         })pb"),
            "decoder.pattern[1]: names block 'b', which decoder.blocks does "
            "not define");
  EXPECT_EQ(ErrorOf(R"pb(decoder {
                           type: PATTERN
                           pattern: [ "full_attention" ]
                           blocks {
                             key: "full_attention"
                             value { mixer { attention { heads: -2 } } }
                           }
                         })pb"),
            "decoder.blocks.full_attention.mixer.heads: must be positive, got "
            "-2");
  EXPECT_EQ(ErrorOf("decoder { type: PATTERN pattern: [\"a\"] }"),
            "decoder.blocks: no block configuration provided");
  EXPECT_EQ(ErrorOf("decoder { type: FIXED pattern: [\"a\"] }"),
            "decoder.pattern: not a field of block sequence type fixed");
}

TEST(ResolveTest, MixerAndMlpErrorsNameThePath) {
  EXPECT_EQ(
      ErrorOf("decoder { block { mlp { type: MOE experts: 4 } } }"),
      "decoder.block.mlp.add_linear_biases: must be false for moe "
      "(Fast-LLM supports no MoE biases; it defaults to true, so set it)");
  EXPECT_EQ(ErrorOf("decoder { block { mlp { type: MOE add_linear_biases: "
                    "false experts: 1 } } }"),
            "decoder.block.mlp.experts: must be more than 1, got 1");
  EXPECT_EQ(ErrorOf("decoder { block { mlp { experts: 4 } } }"),
            "decoder.block.mlp.experts: not a field of mlp type mlp");
  EXPECT_EQ(ErrorOf("decoder { block { mlp { type: HYBRID_MOE "
                    "intermediate_size: 4 } } }"),
            "decoder.block.mlp.intermediate_size: not a field of mlp type "
            "hybrid_moe");
  EXPECT_EQ(
      ErrorOf("decoder { block { mixer { mamba { d_inner: 100 state_size: 16 "
              "} } } }"),
      "decoder.block.mixer.d_inner: d_inner (100) must be a multiple of "
      "state_size (16)");
  EXPECT_EQ(ErrorOf("decoder { block { mixer { gdn { value_heads: 6 "
                    "key_heads: 4 } } } }"),
            "decoder.block.mixer.value_heads: value_heads (6) must be a "
            "multiple of key_heads (4)");
  EXPECT_EQ(ErrorOf("decoder { block { mixer { kda { normalization { type: "
                    "RMS_NORM } } } } }"),
            "decoder.block.mixer.normalization.type: must be gated_rms_norm");
  EXPECT_EQ(
      ErrorOf("decoder { block { mixer { stochastic { mixers { name: "
              "\"a\" } main_mixer_name: \"b\" } } } }"),
      "decoder.block.mixer.main_mixer_name: 'b' is not one of the mixers");
  EXPECT_EQ(ErrorOf("decoder { block { mixer { stochastic { mixers { name: "
                    "\"a\" mixer { attention { heads: 0 } } } } } } }"),
            "decoder.block.mixer.mixers.a.heads: must be positive, got 0");
  EXPECT_EQ(ErrorOf("vision_encoder { embeddings { patch_height: -4 } }"),
            "vision_encoder.embeddings.patch_height: must be positive, got -4");
  EXPECT_EQ(ErrorOf("image_token_index: 3"),
            "image_token_index: only a multimodal model (with vision_encoder) "
            "has one");
}

TEST(ResolveTest, HybridMoeRoutedDefaultsToMoe) {
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(Parse(R"pb(
    decoder {
      block {
        mlp {
          type: HYBRID_MOE
          dense { add_linear_biases: false }
          routed { add_linear_biases: false experts: 4 }
        }
      }
    }
  )pb"));
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->decoder().block().mlp().dense().type(), MLPConfig::MLP);
  EXPECT_EQ(resolved->decoder().block().mlp().routed().type(), MLPConfig::MOE);
}

TEST(ResolveTest, StochasticMainMixerDefaultsToTheFirst) {
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(Parse(R"pb(
    decoder {
      block {
        mixer {
          stochastic {
            mixers { name: "x" }
            mixers {
              name: "y"
              mixer { kda {} }
            }
          }
        }
      }
    }
  )pb"));
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  const StochasticMixerConfig& stochastic =
      resolved->decoder().block().mixer().stochastic();
  EXPECT_EQ(stochastic.main_mixer_name(), "x");
  EXPECT_TRUE(stochastic.mixers(0).mixer().has_attention());
  EXPECT_EQ(stochastic.sampling_strategy(), StochasticMixerConfig::UNIFORM);
}

// Issue 17, B1: Fast-LLM validates `mixers` into a dict sorted by name, so
// the mixers, and the default main mixer, follow name order.
TEST(ResolveTest, StochasticMixersAreSortedByNameAsFastLlmValidatesThem) {
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(Parse(R"pb(
    decoder {
      block {
        mixer {
          stochastic {
            mixers { name: "b" }
            mixers {
              name: "a"
              mixer { gdn {} }
            }
          }
        }
      }
    }
  )pb"));
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  const StochasticMixerConfig& stochastic =
      resolved->decoder().block().mixer().stochastic();
  ASSERT_EQ(stochastic.mixers_size(), 2);
  EXPECT_EQ(stochastic.mixers(0).name(), "a");
  EXPECT_TRUE(stochastic.mixers(0).mixer().has_gdn());
  EXPECT_EQ(stochastic.mixers(1).name(), "b");
  EXPECT_EQ(stochastic.main_mixer_name(), "a");
}

// Issue 17, B2: MixtureOfExpertMLP asserts only add_linear_biases; a
// layer's own bias.enabled still builds a bias.
TEST(ResolveTest, MoeLayerMayEnableItsOwnBias) {
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(Parse(R"pb(
    decoder {
      block {
        mlp {
          type: MOE
          add_linear_biases: false
          layer_2 { bias { enabled: true } }
        }
      }
    }
  )pb"));
  ASSERT_TRUE(resolved.ok()) << resolved.status();
}

// Issue 17, D4: sampling weights as StochasticMixerConfig._validate and
// StochasticMixer.__init__ check them.
TEST(ResolveTest, SamplingWeightsAreCheckedAsFastLlmChecksThem) {
  const std::string mixers =
      "decoder { block { mixer { stochastic { mixers { name: \"a\" } "
      "mixers { name: \"b\" mixer { gdn {} } } ";
  EXPECT_EQ(ErrorOf(mixers + "sampling_strategy: WEIGHTED } } } }"),
            "decoder.block.mixer.sampling_weights: must be given for the "
            "weighted sampling strategy (Fast-LLM cannot build the model "
            "without them)");
  EXPECT_EQ(
      ErrorOf(mixers + "sampling_strategy: WEIGHTED sampling_weights { key: "
                       "\"a\" value: 1 } } } } }"),
      "decoder.block.mixer.sampling_weights: must give a weight to "
      "every mixer");
  EXPECT_EQ(
      ErrorOf(mixers + "sampling_strategy: FULL_LAYOUT sampling_weights { key: "
                       "\"a\" value: 1 } } } } }"),
      "decoder.block.mixer.sampling_weights: not compatible with the "
      "full_layout sampling strategy");
  EXPECT_EQ(
      ErrorOf(mixers + "sampling_weights { key: \"c\" value: 1 } } } } }"),
      "decoder.block.mixer.sampling_weights: 'c' is not one of the "
      "mixers");
  EXPECT_TRUE(
      ResolveModelConfig(
          Parse(mixers + "sampling_strategy: WEIGHTED sampling_weights { key: "
                         "\"a\" value: 1 } sampling_weights { key: \"b\" "
                         "value: 3 } } } } }"))
          .ok());
}

}  // namespace
}  // namespace weightwalk

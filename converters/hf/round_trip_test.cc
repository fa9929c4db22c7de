// For every fixture with a checkpoint format whose config conversion is
// implemented: export its config.json, import it back, and the parameter
// manifest must be unchanged. Export of a model the format cannot express
// fails naming the field.
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/json.h"
#include "base/test_arguments.h"
#include "converters/hf/hf_config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/fixture.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

ParameterManifest Parameters(const ModelConfig& model) {
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(model);
  EXPECT_TRUE(resolved.ok()) << resolved.status();
  absl::StatusOr<ParameterManifest> manifest =
      BuildParameterManifest(*resolved, "x");
  EXPECT_TRUE(manifest.ok());
  return *manifest;
}

TEST(RoundTripTest, ExportThenImportKeepsEveryParameter) {
  int round_trips = 0;
  // Every fixture with a format (FIXTURES, fixtures/fixtures.bzl).
  const std::vector<std::string> fixtures = TestArguments();
  ASSERT_FALSE(fixtures.empty());
  for (const std::string& name : fixtures) {
    SCOPED_TRACE(name);
    absl::StatusOr<LoadedFixture> fixture =
        LoadFixture(absl::StrCat("fixtures/", name, ".textproto"));
    ASSERT_TRUE(fixture.ok()) << fixture.status();
    for (const TransformersLayout layout :
         {TransformersLayout::kV4, TransformersLayout::kV5}) {
      SCOPED_TRACE(layout == TransformersLayout::kV4 ? "v4" : "v5");
      absl::StatusOr<std::string> exported =
          ExportHfConfig(fixture->model, fixture->checkpoint_format, layout);
      ASSERT_TRUE(exported.ok()) << exported.status();
      absl::StatusOr<JsonValue> json = ParseJson(*exported, "config.json");
      ASSERT_TRUE(json.ok()) << json.status();
      absl::StatusOr<HfImport> imported = ImportHfConfig(*json, "config.json");
      ASSERT_TRUE(imported.ok()) << imported.status() << "\n" << *exported;
      EXPECT_EQ(imported->format, fixture->checkpoint_format);
      EXPECT_TRUE(imported->unknown_keys.empty())
          << imported->unknown_keys[0].path();
      EXPECT_EQ(Parameters(imported->model).DebugString(),
                Parameters(fixture->model).DebugString());
      // The same model either way: only the rotary keys' layout differs.
      absl::StatusOr<std::string> v4 =
          ExportHfConfig(imported->model, fixture->checkpoint_format);
      absl::StatusOr<std::string> original =
          ExportHfConfig(fixture->model, fixture->checkpoint_format);
      ASSERT_TRUE(v4.ok() && original.ok());
      EXPECT_EQ(*v4, *original);
    }
    ++round_trips;
  }
  EXPECT_EQ(round_trips, fixtures.size());
}

// Llava's export never writes the adapter width; import takes the text
// model's hidden_size (spec §3.10). A wider adapter is lost.
TEST(RoundTripTest, LlavaLosesAnAdapterWiderThanTheTextModel) {
  absl::StatusOr<LoadedFixture> llava = LoadFixture("fixtures/llava.textproto");
  ASSERT_TRUE(llava.ok());
  ModelConfig model = llava->model;
  model.mutable_vision_encoder()->mutable_adapter()->set_intermediate_size(512);
  absl::StatusOr<RoundTrip> round_trip = RoundTripConfig(model, "llava");
  ASSERT_TRUE(round_trip.ok()) << round_trip.status();
  std::vector<std::string> described;
  for (const RoundTripLoss& loss : round_trip->losses) {
    described.push_back(absl::StrCat(loss.parameter(), " ", loss.change()));
  }
  EXPECT_THAT(
      described,
      ::testing::ElementsAre(
          "vision_encoder.adapter.layer_1.weight [512, 256] becomes [256, 256]",
          "vision_encoder.adapter.layer_1.bias [512] becomes [256]",
          "vision_encoder.adapter.layer_2.weight [512, 256] becomes [256, "
          "256]"));
  // The fixture itself, whose adapter matches the text width, loses nothing.
  EXPECT_TRUE(RoundTripConfig(llava->model, "llava")->losses.empty());
}

// Apriel2's Mamba converter ignores repeat_kv_before_conv, so a Mamba
// whose convolution runs over d_xb channels comes back over d_inner.
TEST(RoundTripTest, Apriel2LosesMambasRepeatKvBeforeConv) {
  absl::StatusOr<LoadedFixture> mamba =
      LoadFixture("fixtures/apriel2_mamba.textproto");
  ASSERT_TRUE(mamba.ok());
  ModelConfig model = mamba->model;
  model.mutable_decoder()
      ->mutable_block()
      ->mutable_mixer()
      ->mutable_mamba()
      ->set_repeat_kv_before_conv(false);
  absl::StatusOr<RoundTrip> round_trip = RoundTripConfig(model, "apriel2_text");
  ASSERT_TRUE(round_trip.ok()) << round_trip.status();
  std::vector<std::string> described;
  for (const RoundTripLoss& loss : round_trip->losses) {
    described.push_back(absl::StrCat(loss.parameter(), " ", loss.change()));
  }
  EXPECT_THAT(described, ::testing::ElementsAre(
                             "decoder.0.mixer.convolution.weight [256, 1, 4] "
                             "becomes [512, 1, 4]",
                             "decoder.1.mixer.convolution.weight [256, 1, 4] "
                             "becomes [512, 1, 4]"));
}

// Issue 17, D4: Apriel2 exports a stochastic mixer's weighted sampling
// strategy but not its weights, so the exported config does not import
// again (Fast-LLM raises building the model from it).
TEST(RoundTripTest, Apriel2WeightedSamplingDoesNotImportAgain) {
  absl::StatusOr<LoadedFixture> stochastic =
      LoadFixture("fixtures/apriel2_stochastic.textproto");
  ASSERT_TRUE(stochastic.ok());
  ModelConfig model = stochastic->model;
  EXPECT_TRUE(RoundTripConfig(model, "apriel2_text")->import_error.empty());
  StochasticMixerConfig* mixer = model.mutable_decoder()
                                     ->mutable_block()
                                     ->mutable_mixer()
                                     ->mutable_stochastic();
  mixer->set_sampling_strategy(StochasticMixerConfig::WEIGHTED);
  for (const NamedMixer& entry : mixer->mixers()) {
    (*mixer->mutable_sampling_weights())[entry.name()] = 1;
  }
  absl::StatusOr<RoundTrip> round_trip = RoundTripConfig(model, "apriel2_text");
  ASSERT_TRUE(round_trip.ok()) << round_trip.status();
  EXPECT_THAT(round_trip->import_error,
              ::testing::HasSubstr("sampling_weights: must be given for the "
                                   "weighted sampling strategy"));
}

TEST(RoundTripTest, TransformersV5PutsRotaryInRopeParameters) {
  absl::StatusOr<LoadedFixture> yarn =
      LoadFixture("fixtures/llama_yarn.textproto");
  ASSERT_TRUE(yarn.ok());
  absl::StatusOr<std::string> v5 =
      ExportHfConfig(yarn->model, "llama", TransformersLayout::kV5);
  ASSERT_TRUE(v5.ok()) << v5.status();
  EXPECT_THAT(*v5, ::testing::HasSubstr("\"rope_parameters\": {"));
  EXPECT_THAT(*v5, ::testing::HasSubstr("\"rope_type\": \"yarn\""));
  EXPECT_THAT(*v5, ::testing::Not(::testing::HasSubstr("rope_scaling")));
  absl::StatusOr<JsonValue> json = ParseJson(*v5, "config.json");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->Find("rope_theta"), nullptr);
  ASSERT_NE(json->Find("rope_parameters"), nullptr);
  EXPECT_NE(json->Find("rope_parameters")->Find("rope_theta"), nullptr);
  absl::StatusOr<std::string> v4 = ExportHfConfig(yarn->model, "llama");
  ASSERT_TRUE(v4.ok()) << v4.status();
  EXPECT_THAT(*v4, ::testing::HasSubstr("\"rope_scaling\": {"));
  EXPECT_THAT(*v4, ::testing::Not(::testing::HasSubstr("rope_parameters")));
}

TEST(RoundTripTest, RotaryScalingSurvives) {
  absl::StatusOr<LoadedFixture> fixture =
      LoadFixture("fixtures/llama_yarn.textproto");
  ASSERT_TRUE(fixture.ok());
  absl::StatusOr<std::string> exported =
      ExportHfConfig(fixture->model, "llama");
  ASSERT_TRUE(exported.ok());
  EXPECT_THAT(*exported, ::testing::HasSubstr("\"rope_type\": \"yarn\""));
  // YarnRotaryConfig._validate derives an unset attention_factor from the
  // scale (0.1 * ln(8) + 1), and Fast-LLM exports that value.
  EXPECT_THAT(*exported,
              ::testing::HasSubstr("\"attention_factor\": 1.2079441541679836"));
  absl::StatusOr<HfImport> imported =
      ImportHfConfig(*ParseJson(*exported, "c"), "c");
  ASSERT_TRUE(imported.ok());
  const RotaryConfig& rotary =
      imported->model.decoder().block().mixer().attention().rotary();
  EXPECT_EQ(rotary.type(), RotaryConfig::YARN);
  EXPECT_EQ(rotary.beta_fast(), 32.0);
  EXPECT_DOUBLE_EQ(rotary.attention_factor(), 0.1 * std::log(8.0) + 1);
}

TEST(RoundTripTest, ModelsTheFormatCannotExpressFailWithTheField) {
  absl::StatusOr<LoadedFixture> gpt2 = LoadFixture("fixtures/gpt_2.textproto");
  ASSERT_TRUE(gpt2.ok());
  EXPECT_EQ(ExportHfConfig(gpt2->model, "llama").status().message(),
            "the llama format cannot export this model: "
            "decoder.block.normalization: the format needs a plain rms_norm");
  absl::StatusOr<LoadedFixture> qwen = LoadFixture("fixtures/qwen_2.textproto");
  ASSERT_TRUE(qwen.ok());
  EXPECT_EQ(ExportHfConfig(qwen->model, "llama").status().message(),
            "the llama format cannot export this model: "
            "decoder.block.mixer.query_layer: a per-layer bias override; the "
            "format has one attention_bias and one mlp_bias");
  absl::StatusOr<LoadedFixture> llama = LoadFixture("fixtures/llama.textproto");
  ASSERT_TRUE(llama.ok());
  EXPECT_EQ(ExportHfConfig(llama->model, "mixtral").status().message(),
            "the mixtral format cannot export this model: "
            "decoder.block.mlp.type: must be moe");
  EXPECT_EQ(ExportHfConfig(llama->model, "gemma4").status().message(),
            "the gemma4 format cannot export this model: decoder: must be a "
            "pattern decoder with the blocks sliding_attention and "
            "full_attention");
  EXPECT_EQ(ExportHfConfig(llama->model, "llava_hybrid_ssm").status().message(),
            "the llava_hybrid_ssm format cannot export this model: "
            "vision_encoder: llava needs one");
  EXPECT_EQ(ExportHfConfig(llama->model, "apriel_hybrid_ssm").status().code(),
            absl::StatusCode::kOk);
  // A format no binary registers is not found, naming the ones there are.
  EXPECT_EQ(ExportHfConfig(llama->model, "bogus").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(
      std::string(ExportHfConfig(llama->model, "bogus").status().message()),
      ::testing::HasSubstr("unknown checkpoint format \"bogus\""));
}

// llava_hybrid_ssm is Llava with apriel_hybrid_ssm's language model (no
// Fast-LLM fixture uses it): the llava fixture with attention and Mamba
// blocks survives export and import.
// Issue 17, D2: an Apriel hybrid without an attention block. Fast-LLM's
// per-mixer block converters write only the keys of the blocks present,
// so there are no attention keys, and the config imports without them.
TEST(RoundTripTest, AprielHybridWithoutAttentionWritesNoAttentionKeys) {
  absl::StatusOr<LoadedFixture> fixture =
      LoadFixture("tools/testdata/fixtures/apriel_hybrid_ssm.textproto");
  ASSERT_TRUE(fixture.ok()) << fixture.status();
  for (const std::vector<std::string>& pattern :
       std::vector<std::vector<std::string>>{{"m2"}, {"gdn"}, {"m2", "gdn"}}) {
    SCOPED_TRACE(absl::StrJoin(pattern, ","));
    ModelConfig model = fixture->model;
    BlockSequenceConfig* decoder = model.mutable_decoder();
    if (pattern.size() == 1) {
      const DecoderBlockConfig block = decoder->blocks().at(pattern[0]);
      decoder->Clear();
      decoder->set_type(BlockSequenceConfig::FIXED);
      decoder->set_num_blocks(2);
      *decoder->mutable_block() = block;
    } else {
      decoder->mutable_blocks()->erase("t");
      decoder->clear_pattern();
      for (const std::string& name : pattern) decoder->add_pattern(name);
    }
    absl::StatusOr<std::string> exported =
        ExportHfConfig(model, "apriel_hybrid_ssm");
    ASSERT_TRUE(exported.ok()) << exported.status();
    for (const char* key : {"num_attention_heads", "num_key_value_heads",
                            "head_dim", "rope_theta", "sliding_window"}) {
      EXPECT_THAT(
          *exported,
          ::testing::Not(::testing::HasSubstr(absl::StrCat("\"", key, "\""))));
    }
    absl::StatusOr<RoundTrip> round_trip =
        RoundTripConfig(model, "apriel_hybrid_ssm");
    ASSERT_TRUE(round_trip.ok()) << round_trip.status();
    EXPECT_EQ(round_trip->import_error, "");
    EXPECT_TRUE(round_trip->losses.empty());
  }
}

TEST(RoundTripTest, LlavaHybridSsmKeepsTheHybridLanguageModel) {
  absl::StatusOr<LoadedFixture> llava = LoadFixture("fixtures/llava.textproto");
  ASSERT_TRUE(llava.ok());
  ModelConfig model = llava->model;
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(model);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  const DecoderBlockConfig attention = llava->model.decoder().block();
  DecoderBlockConfig mamba = attention;
  MambaConfig* mixer = mamba.mutable_mixer()->mutable_mamba();
  mixer->set_d_inner(2 * resolved->hidden_size());
  mixer->set_state_size(16);
  mixer->set_d_xb(resolved->hidden_size() / 2);
  mixer->set_dt_rank(16);
  mixer->set_add_linear_biases(false);
  BlockSequenceConfig* decoder = model.mutable_decoder();
  const int64_t num_blocks = resolved->decoder().num_blocks();
  decoder->Clear();
  decoder->set_type(BlockSequenceConfig::PATTERN);
  decoder->set_num_blocks(num_blocks);
  decoder->add_pattern("t");
  decoder->add_pattern("m2");
  (*decoder->mutable_blocks())["t"] = attention;
  (*decoder->mutable_blocks())["m2"] = mamba;

  absl::StatusOr<std::string> exported =
      ExportHfConfig(model, "llava_hybrid_ssm");
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_THAT(*exported,
              ::testing::HasSubstr("\"model_type\": \"apriel_hybrid_ssm\""));
  EXPECT_THAT(*exported,
              ::testing::HasSubstr("\"hybrid_block_layout\": [\"t\", \"m2\""));
  absl::StatusOr<JsonValue> json = ParseJson(*exported, "config.json");
  ASSERT_TRUE(json.ok()) << json.status();
  absl::StatusOr<HfImport> imported = ImportHfConfig(*json, "config.json");
  ASSERT_TRUE(imported.ok()) << imported.status() << "\n" << *exported;
  EXPECT_EQ(imported->format, "llava_hybrid_ssm");
  EXPECT_TRUE(imported->unknown_keys.empty());
  EXPECT_EQ(Parameters(imported->model).DebugString(),
            Parameters(model).DebugString());
  EXPECT_TRUE(RoundTripConfig(model, "llava_hybrid_ssm")->losses.empty());
}

}  // namespace
}  // namespace weightwalk

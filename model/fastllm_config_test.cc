#include "model/fastllm_config.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/test_arguments.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "model/fastllm_schema.h"
#include "model/fixture.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

using ::testing::HasSubstr;

TEST(FastLlmSchemaTest, CompiledInSchemaParses) {
  const FastLlmSchema& schema = FastLlmSchema::Get();
  EXPECT_EQ(schema.gpt_root(), "GPTBaseModelConfig");
  ASSERT_NE(schema.Find("AttentionConfig"), nullptr);
  EXPECT_NE(schema.Find("AttentionConfig")->Find("heads"), nullptr);
  EXPECT_EQ(schema.checkpoint_formats().at("llava"),
            "MultiModalBaseModelConfig");
}

// Issue 19: all 25 fixtures, each as Fast-LLM wrote three config files for
// it, read to the same resolved model and parameters as the fixture.
TEST(FastLlmConfigTest, EveryFixtureAsFastLlmWritesItEqualsTheFixture) {
  int agreed = 0;
  // Every bundled fixture (FIXTURES, fixtures/fixtures.bzl).
  const std::vector<std::string> fixtures = TestArguments();
  ASSERT_FALSE(fixtures.empty());
  for (const std::string& name : fixtures) {
    absl::StatusOr<LoadedFixture> fixture =
        LoadFixture(absl::StrCat("fixtures/", name, ".textproto"));
    ASSERT_TRUE(fixture.ok()) << fixture.status();
    absl::StatusOr<ModelConfig> expected = ResolveModelConfig(fixture->model);
    ASSERT_TRUE(expected.ok()) << expected.status();
    const ParameterManifest expected_parameters =
        *BuildParameterManifest(*expected, name);
    for (const char* variant : {"", ".expanded", ".everything"}) {
      const std::string path =
          absl::StrCat("fixtures/fastllm/", name, variant, ".yaml");
      SCOPED_TRACE(path);
      absl::StatusOr<FastLlmConfig> config = ReadFastLlmConfig(path);
      ASSERT_TRUE(config.ok()) << config.status();
      EXPECT_EQ(config->format, fixture->checkpoint_format);
      absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(config->model);
      ASSERT_TRUE(resolved.ok()) << resolved.status();
      std::string difference;
      // An empty message the file writes (`query_layer: {weight: ...}`,
      // whose weight initialization weightwalk skips) is one the fixture
      // leaves out; whatever decides parameters is also compared below.
      google::protobuf::util::MessageDifferencer differencer;
      differencer.set_message_field_comparison(
          google::protobuf::util::MessageDifferencer::EQUIVALENT);
      differencer.ReportDifferencesToString(&difference);
      EXPECT_TRUE(differencer.Compare(*expected, *resolved)) << difference;
      const ParameterManifest parameters =
          *BuildParameterManifest(*resolved, name);
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          expected_parameters, parameters));
      ++agreed;
    }
  }
  EXPECT_EQ(agreed, 3 * fixtures.size());  // three files each
}

std::string ErrorOf(const std::string& yaml) {
  absl::StatusOr<FastLlmConfig> config = ParseFastLlmConfig(yaml, "m.yaml");
  EXPECT_FALSE(config.ok());
  return std::string(config.status().message());
}

TEST(FastLlmConfigTest, UnknownKeysWrongTypesAndMisspeltTypesNameThePlace) {
  EXPECT_EQ(ErrorOf("model:\n  base_model:\n    decoder:\n      block:\n"
                    "        mixer:\n          heds: 8\n"),
            "m.yaml:6:11: model.base_model.decoder.block.mixer.heds: unknown "
            "key of AttentionConfig; did you mean heads?");
  EXPECT_EQ(ErrorOf("hidden_size: 2.5\n"),
            "m.yaml:1:14: hidden_size: expected an integer, got a float 2.5");
  EXPECT_EQ(ErrorOf("tied_embedding_weight: 1\n"),
            "m.yaml:1:24: tied_embedding_weight: expected a boolean, got an "
            "integer 1");
  EXPECT_EQ(ErrorOf("decoder:\n  block:\n    mixer:\n      type: atention\n"),
            "m.yaml:4:13: decoder.block.mixer.type: unknown type \"atention\" "
            "for MixerConfig; known: attention, gdn, kda, mamba, stochastic; "
            "did you mean attention?");
  EXPECT_THAT(ErrorOf("head:\n  normalization:\n    epsilon: 1e-5\n"),
              HasSubstr("head.normalization.epsilon: expected a number, got "
                        "a string \"1e-5\" (YAML 1.1"));
  EXPECT_THAT(
      ErrorOf("decoder:\n  block:\n    mlp:\n      activation: swish\n"),
      HasSubstr("decoder.block.mlp.activation: expected one of gelu, "
                "silu, relu, sigmoid, squared_relu, identity, got a "
                "string \"swish\""));
  EXPECT_THAT(ErrorOf("- 1\n"), HasSubstr("a Fast-LLM config is a mapping"));
  EXPECT_THAT(ErrorOf("model: {}\npretrained: {format: lama}\n"),
              HasSubstr("pretrained.format: unknown checkpoint format "
                        "\"lama\""));
  EXPECT_THAT(ErrorOf("peft: {type: lora}\n"),
              HasSubstr("peft: weightwalk does not model LoRA"));
  EXPECT_THAT(ErrorOf("decoder: {type: pattern, blocks: {1: {}}}\n"),
              HasSubstr("decoder.blocks.1: expected a string, got an integer"));
}

// Config._from_dict pops each field it reads from the config's dict, and
// PyYAML makes the anchor and its aliases one dict: the second block gets
// an emptied MLP, i.e. Fast-LLM's defaults. Checked against the real
// Fast-LLM (docs/FASTLLM.md, F5).
TEST(FastLlmConfigTest, AnAliasedMappingIsReadOnceAsFastLlmReadsIt) {
  absl::StatusOr<FastLlmConfig> config = ParseFastLlmConfig(
      "decoder:\n"
      "  type: pattern\n"
      "  pattern: [a, b]\n"
      "  blocks:\n"
      "    a:\n"
      "      mlp: &mlp {intermediate_size: 64, gated: true}\n"
      "    b:\n"
      "      mlp: *mlp\n",
      "alias.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const auto& blocks = config->model.decoder().blocks();
  EXPECT_EQ(blocks.at("a").mlp().intermediate_size(), 64);
  EXPECT_TRUE(blocks.at("a").mlp().gated());
  EXPECT_FALSE(blocks.at("b").mlp().has_intermediate_size());
  EXPECT_FALSE(blocks.at("b").mlp().has_gated());
  ASSERT_EQ(config->warnings.size(), 1u);
  EXPECT_THAT(config->warnings[0],
              HasSubstr("alias.yaml:6:12: decoder.blocks.b.mlp: the mapping "
                        "here is also decoder.blocks.a.mlp"));
}

TEST(FastLlmConfigTest, TrainingConfigSkipsOtherSections) {
  absl::StatusOr<FastLlmConfig> config = ParseFastLlmConfig(
      "training: {train_iters: 10}\n"
      "model:\n"
      "  multi_stage: {zero_stage: 2}\n"
      "  base_model:\n"
      "    hidden_size: 64\n"
      "    decoder:\n"
      "      block:\n"
      "        mixer: {type: mamba, state_size: 16}\n"
      "pretrained: {format: apriel2_text, path: /x}\n",
      "t.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->format, "apriel2_text");
  EXPECT_EQ(config->model.hidden_size(), 64);
  EXPECT_EQ(config->model.decoder().block().mixer().mamba().state_size(), 16);
}

TEST(FastLlmConfigTest, FastLlmsOwnFormatsNameNoHuggingFaceFormat) {
  absl::StatusOr<FastLlmConfig> config = ParseFastLlmConfig(
      "model: {}\npretrained: {format: fast_llm}\n", "t.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->format, "");
}

}  // namespace
}  // namespace weightwalk

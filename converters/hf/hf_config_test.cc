#include "converters/hf/hf_config.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;

absl::StatusOr<HfImport> Import(const std::string& json,
                                const std::string& format = "") {
  absl::StatusOr<JsonValue> config = ParseJson(json, "config.json");
  EXPECT_TRUE(config.ok()) << config.status();
  return ImportHfConfig(*config, "config.json", format);
}

constexpr char kLlama[] = R"({
  "architectures": ["LlamaForCausalLM"], "model_type": "llama",
  "hidden_size": 3072, "intermediate_size": 8192, "num_attention_heads": 24,
  "num_hidden_layers": 28, "num_key_value_heads": 8, "head_dim": 128,
  "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "vocab_size": 128256,
  "rope_scaling": {"factor": 32.0, "rope_type": "llama3", "low_freq_factor": 1.0,
                   "high_freq_factor": 4.0, "original_max_position_embeddings": 8192},
  "tie_word_embeddings": true, "attention_bias": false, "mlp_bias": false,
  "hidden_act": "silu", "torch_dtype": "bfloat16", "use_cache": true
})";

TEST(HfConfigTest, ImportsLlama) {
  absl::StatusOr<HfImport> imported = Import(kLlama);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->format, "llama");
  EXPECT_TRUE(imported->unknown_keys.empty());
  const ModelConfig& model = imported->model;
  EXPECT_EQ(model.hidden_size(), 3072);
  EXPECT_TRUE(model.tied_embedding_weight());
  const AttentionConfig& attention =
      model.decoder().block().mixer().attention();
  EXPECT_EQ(attention.heads(), 24);
  EXPECT_EQ(attention.head_groups(), 8);
  EXPECT_EQ(attention.head_size(), 128);
  EXPECT_EQ(attention.rotary().type(), RotaryConfig::LLAMA3);
  EXPECT_EQ(model.decoder().num_blocks(), 28);
  EXPECT_TRUE(model.decoder().block().mlp().gated());
  EXPECT_TRUE(ResolveModelConfig(model).ok());
}

TEST(HfConfigTest, HeadDimDefaultsFromHiddenSize) {
  absl::StatusOr<HfImport> imported = Import(R"({"model_type": "mixtral",
    "hidden_size": 64, "intermediate_size": 32, "num_attention_heads": 4,
    "num_hidden_layers": 2, "vocab_size": 10, "num_local_experts": 8,
    "num_experts_per_tok": 2, "sliding_window": null, "router_aux_loss_coef": 0.02})");
  ASSERT_TRUE(imported.ok()) << imported.status();
  const ModelConfig& model = imported->model;
  EXPECT_EQ(model.decoder().block().mixer().attention().head_size(), 16);
  EXPECT_EQ(model.decoder().block().mixer().attention().head_groups(), 4);
  EXPECT_FALSE(model.decoder().block().mixer().attention().has_window_size());
  EXPECT_EQ(model.decoder().block().mlp().type(), MLPConfig::MOE);
  EXPECT_EQ(model.decoder().block().mlp().experts(), 8);
  EXPECT_TRUE(imported->unknown_keys.empty());
}

TEST(HfConfigTest, UnclaimedKeysAreReportedOncePerUnknownObject) {
  absl::StatusOr<HfImport> imported = Import(R"({"model_type": "mistral",
    "hidden_size": 64, "intermediate_size": 32, "num_attention_heads": 4,
    "num_hidden_layers": 2, "vocab_size": 10,
    "quantization_config": {"load_in_8bit": true, "quant_method": "bitsandbytes"},
    "attention_bias": false, "id2label": {"0": "a"}})");
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_EQ(imported->unknown_keys.size(), 2u);
  EXPECT_EQ(imported->unknown_keys[0].path(), "quantization_config");
  EXPECT_THAT(imported->unknown_keys[0].children(),
              ElementsAre("load_in_8bit", "quant_method"));
  EXPECT_EQ(imported->unknown_keys[0].location(), "config.json:4:28");
  // Mistral does not claim attention_bias (hf-config-coverage.md §4.2).
  EXPECT_EQ(imported->unknown_keys[1].path(), "attention_bias");
}

TEST(HfConfigTest, Qwen2HasFixedBiases) {
  absl::StatusOr<HfImport> imported = Import(R"({"model_type": "qwen2",
    "architectures": ["Qwen2ForCausalLM"], "hidden_size": 64,
    "intermediate_size": 32, "num_attention_heads": 4, "num_hidden_layers": 2,
    "vocab_size": 10, "use_sliding_window": false, "max_window_layers": 2})");
  ASSERT_TRUE(imported.ok()) << imported.status();
  const AttentionConfig& attention =
      imported->model.decoder().block().mixer().attention();
  EXPECT_TRUE(attention.query_layer().bias().enabled());
  EXPECT_FALSE(attention.dense_layer().bias().enabled());
}

TEST(HfConfigTest, BadConfigsNameTheFileLineAndKey) {
  EXPECT_EQ(
      Import(R"({"model_type": "gemma", "vocab_size": 3})").status().message(),
      "config.json:1:16: unsupported model_type \"gemma\": no Fast-LLM "
      "checkpoint format reads it; supported formats: apriel2, "
      "apriel2_text, apriel_hybrid_ssm, diffusion_llama, dream, gemma4, "
      "llama, llava, llava_hybrid_ssm, mistral, mixtral, mtp_llama, qwen2");
  EXPECT_EQ(
      Import(R"({"model_type": "llama", "architectures": ["X"]})")
          .status()
          .message(),
      "config.json:1:42: \"architectures\" must be [\"LlamaForCausalLM\"] "
      "for format llama");
  EXPECT_EQ(Import(R"({"model_type": "llama", "hidden_size": "big"})")
                .status()
                .message(),
            "config.json:1:40: \"hidden_size\" must be a positive integer, got "
            "\"big\"");
  EXPECT_EQ(
      Import(R"({"model_type": "llama", "hidden_size": 8,
    "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1,
    "vocab_size": 4, "hidden_act": "swish"})")
          .status()
          .message(),
      "config.json:3:36: unsupported \"hidden_act\" \"swish\"; Fast-LLM "
      "knows silu, gelu, gelu_pytorch_tanh, relu, relu2, sigmoid, identity");
  EXPECT_EQ(Import(R"({"model_type": "gemma4_text"})").status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(Import(R"({"model_type": "llama", "hidden_size": 8,
    "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1,
    "vocab_size": 4, "rope_scaling": {"rope_type": "llama3", "factor": 8}})")
                .status()
                .message(),
            "config.json:3:38: rope_type \"llama3\" needs a numeric "
            "\"low_freq_factor\"");
}

}  // namespace
}  // namespace weightwalk

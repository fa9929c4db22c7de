#include "converters/hf/hf_config.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converters/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

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

// Issue 17, D1: Fast-LLM writes and checks "dream"; Dream-org's own
// checkpoints say "Dream". Both import; export writes Fast-LLM's.
TEST(HfConfigTest, DreamModelTypeAsFastLlmWritesItAndAsDreamOrgDoes) {
  for (const char* model_type : {"dream", "Dream"}) {
    absl::StatusOr<HfImport> imported = Import(absl::StrCat(
        R"({"architectures": ["DreamModel"], "model_type": ")", model_type,
        R"(", "hidden_size": 64, "intermediate_size": 32,
        "num_attention_heads": 4, "num_hidden_layers": 2, "vocab_size": 10})"));
    ASSERT_TRUE(imported.ok()) << model_type << ": " << imported.status();
    EXPECT_EQ(imported->format, "dream");
    absl::StatusOr<std::string> exported =
        ExportHfConfig(imported->model, "dream");
    ASSERT_TRUE(exported.ok()) << exported.status();
    EXPECT_THAT(*exported, HasSubstr(R"("model_type": "dream")"));
  }
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
      absl::StrCat("config.json:1:16: unsupported model_type \"gemma\": no "
                   "Fast-LLM checkpoint format reads it; supported formats: ",
                   absl::StrJoin(FormatNames(), ", ")));
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
  EXPECT_EQ(Import(R"({"model_type": "llava_hybrid_ssm"})").status().message(),
            "config.json:1:1: a llava config needs a \"text_config\" object");
  EXPECT_EQ(Import(R"({"model_type": "llama", "hidden_size": 8,
    "intermediate_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1,
    "vocab_size": 4, "rope_scaling": {"rope_type": "llama3", "factor": 8}})")
                .status()
                .message(),
            "config.json:3:38: rope_type \"llama3\" needs a numeric "
            "\"low_freq_factor\"");
}

// A Gemma4TextConfig as transformers writes it (trimmed): two layer types,
// a hybrid MoE, k=v on the full layers and per-type rope_parameters.
constexpr char kGemma4[] = R"({
  "architectures": ["Gemma4ForCausalLM"], "model_type": "gemma4_text",
  "hidden_size": 64, "vocab_size": 100, "num_hidden_layers": 3,
  "layer_types": ["sliding_attention", "sliding_attention", "full_attention"],
  "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
  "global_head_dim": 32, "num_global_key_value_heads": 1,
  "attention_bias": false, "attention_dropout": 0.0, "sliding_window": 512,
  "rms_norm_eps": 1e-6, "attention_k_eq_v": true,
  "rope_parameters": {
    "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0},
    "full_attention": {"rope_type": "proportional", "rope_theta": 1000000.0,
                       "partial_rotary_factor": 0.25}},
  "intermediate_size": 128, "hidden_activation": "gelu_pytorch_tanh",
  "enable_moe_block": true, "num_experts": 4, "top_k_experts": 2,
  "moe_intermediate_size": 32, "final_logit_softcapping": 30.0,
  "tie_word_embeddings": true, "hidden_size_per_layer_input": 0,
  "vocab_size_per_layer_input": 100, "use_bidirectional_attention": null,
  "quantization_config": {"bits": 4}
})";

TEST(HfConfigTest, ImportsGemma4) {
  absl::StatusOr<HfImport> imported = Import(kGemma4);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->format, "gemma4");
  ASSERT_EQ(imported->unknown_keys.size(), 1);
  EXPECT_EQ(imported->unknown_keys[0].path(), "quantization_config");
  const ModelConfig& model = imported->model;
  EXPECT_EQ(model.embeddings().embedding_scale(), 8.0);
  EXPECT_EQ(model.head().final_logit_softcap(), 30.0);
  const BlockSequenceConfig& decoder = model.decoder();
  ASSERT_EQ(decoder.pattern_size(), 3);
  ASSERT_EQ(decoder.blocks().size(), 2);
  const AttentionConfig& sliding =
      decoder.blocks().at("sliding_attention").mixer().attention();
  const AttentionConfig& full =
      decoder.blocks().at("full_attention").mixer().attention();
  EXPECT_EQ(sliding.head_groups(), 2);
  EXPECT_EQ(sliding.head_size(), 16);
  EXPECT_EQ(sliding.window_size(), 512);
  EXPECT_FALSE(sliding.shared_key_value());
  EXPECT_EQ(full.head_groups(), 1);
  EXPECT_EQ(full.head_size(), 32);
  EXPECT_FALSE(full.has_window_size());
  EXPECT_TRUE(full.shared_key_value());
  EXPECT_EQ(full.rotary().type(), RotaryConfig::PROPORTIONAL);
  EXPECT_EQ(full.rotary().partial_rotary_factor(), 0.25);
  const MLPConfig& mlp = decoder.blocks().at("full_attention").mlp();
  EXPECT_EQ(mlp.type(), MLPConfig::HYBRID_MOE);
  EXPECT_EQ(mlp.routed().experts(), 4);
  EXPECT_EQ(mlp.routed().router_input_scale(), 0.125);

  // Export writes back what import read (and the constants).
  absl::StatusOr<std::string> exported = ExportHfConfig(model, "gemma4");
  ASSERT_TRUE(exported.ok()) << exported.status();
  absl::StatusOr<HfImport> again = Import(*exported);
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << *exported;
  EXPECT_TRUE(again->unknown_keys.empty());
  EXPECT_EQ(again->model.DebugString(), model.DebugString());
}

// The error of importing kGemma4 with its first `from` replaced by `to`.
std::string Gemma4ErrorWith(const std::string& from, const std::string& to) {
  std::string config = kGemma4;
  const size_t at = config.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at == std::string::npos) return "";
  config.replace(at, from.size(), to);
  return std::string(Import(config).status().message());
}

TEST(HfConfigTest, Gemma4RejectsWhatFastLlmCannotLoad) {
  EXPECT_EQ(Gemma4ErrorWith("\"use_bidirectional_attention\": null",
                            "\"use_bidirectional_attention\": \"all\""),
            "config.json:17:69: use_bidirectional_attention: \"all\" is not "
            "supported by Fast-LLM (the text path stays causal)");
  EXPECT_EQ(Gemma4ErrorWith("\"hidden_size_per_layer_input\": 0",
                            "\"hidden_size_per_layer_input\": 256"),
            "config.json:16:63: \"hidden_size_per_layer_input\" 256 is not "
            "supported by Fast-LLM (only 0)");
  EXPECT_EQ(Gemma4ErrorWith("\"full_attention\"]", "\"chunked_attention\"]"),
            "config.json:4:61: layer_types entries must be "
            "\"sliding_attention\" or \"full_attention\"");
  EXPECT_EQ(
      Gemma4ErrorWith("\"attention_bias\": false", "\"attention_bias\": true"),
      "config.json:7:21: attention_bias: true is not supported by the "
      "gemma4 format (it has no biases)");
}

// An AprielHybridSSMConfig (trimmed): Mistral keys, a layout of all three
// mixer types, Mamba's ssm_cfg and GDN's linear_attn_config.
constexpr char kAprielHybrid[] = R"({
  "architectures": ["AprielHybridSSMForCausalLM"],
  "model_type": "apriel_hybrid_ssm", "hidden_size": 64, "vocab_size": 100,
  "num_hidden_layers": 4, "hybrid_block_layout": ["t", "m2", "gdn", "m2"],
  "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
  "intermediate_size": 128, "hidden_act": "silu", "rms_norm_eps": 1e-5,
  "rope_theta": 10000.0, "sliding_window": null, "tie_word_embeddings": false,
  "ssm_cfg": {"d_state": 16, "expand": 2, "d_xb": 32, "dt_rank": "auto",
              "bias": false, "conv_bias": true, "dt_proj_bias": true},
  "linear_attn_config": {"gdn_num_value_heads": 4, "gdn_num_key_heads": 2,
                         "gdn_key_head_dim": 16, "gdn_value_head_dim": 16,
                         "gdn_linear_conv_kernel_size": 4},
  "auto_map": {"AutoConfig": "configuration_apriel_hybrid_ssm.X"}
})";

TEST(HfConfigTest, ImportsAprielHybridSsm) {
  absl::StatusOr<HfImport> imported = Import(kAprielHybrid);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->format, "apriel_hybrid_ssm");
  EXPECT_TRUE(imported->unknown_keys.empty())
      << imported->unknown_keys[0].path();
  const BlockSequenceConfig& decoder = imported->model.decoder();
  EXPECT_EQ(decoder.type(), BlockSequenceConfig::PATTERN);
  EXPECT_THAT(decoder.pattern(),
              ::testing::ElementsAre("t", "m2", "gdn", "m2"));
  ASSERT_EQ(decoder.blocks().size(), 3);
  EXPECT_TRUE(decoder.blocks().at("t").mixer().has_attention());
  const MambaConfig& mamba = decoder.blocks().at("m2").mixer().mamba();
  EXPECT_EQ(mamba.d_inner(), 128);  // hidden_size * expand
  EXPECT_EQ(mamba.d_xb(), 32);
  EXPECT_EQ(mamba.dt_rank(), 4);  // "auto": ceil(64 / 16)
  EXPECT_TRUE(mamba.repeat_kv_before_conv());
  EXPECT_EQ(decoder.blocks().at("gdn").mixer().gdn().value_heads(), 4);
  // Every block has the Mistral MLP.
  EXPECT_EQ(decoder.blocks().at("gdn").mlp().intermediate_size(), 128);

  absl::StatusOr<std::string> exported =
      ExportHfConfig(imported->model, "apriel_hybrid_ssm");
  ASSERT_TRUE(exported.ok()) << exported.status();
  absl::StatusOr<HfImport> again = Import(*exported);
  ASSERT_TRUE(again.ok()) << again.status() << "\n" << *exported;
  EXPECT_TRUE(again->unknown_keys.empty());
  EXPECT_EQ(again->model.DebugString(), imported->model.DebugString());
}

TEST(HfConfigTest, AprielHybridSsmErrorsNameTheKey) {
  std::string config = kAprielHybrid;
  config.replace(config.find("\"gdn\", \"m2\"]"), 12, "\"m2d\", \"m2\"]");
  EXPECT_EQ(Import(config).status().message(),
            "config.json:4:62: hybrid_block_layout entries must be \"t\", "
            "\"m2\" or \"gdn\"");
  config = kAprielHybrid;
  config.replace(config.find("\"bias\": false, "), 15, "");
  EXPECT_EQ(Import(config).status().message(),
            "config.json:8:14: \"ssm_cfg\" needs \"bias\"");
}

// Without a model_type, the architecture names the format.
TEST(HfConfigTest, DetectsTheFormatFromArchitectures) {
  std::string config = kGemma4;
  const std::string model_type = "\"model_type\": \"gemma4_text\",";
  config.replace(config.find(model_type), model_type.size(), "");
  absl::StatusOr<HfImport> imported = Import(config);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->format, "gemma4");
  EXPECT_EQ(
      Import(R"({"architectures": ["GPT2LMHeadModel"]})").status().message(),
      absl::StrCat("config.json:1:1: the config has no string \"model_type\" "
                   "and no known \"architectures\"; pass --format=NAME "
                   "(formats: ",
                   absl::StrJoin(FormatNames(), ", "), ")"));
}

}  // namespace
}  // namespace weightwalk

#include "converters/llama/llama.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converters/manifest.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

using ::testing::Contains;
using ::testing::ElementsAreArray;
using ::testing::Not;

// "fast_llm [shape] -> checkpoint [shape], ... KIND" per leaf.
std::vector<std::string> Describe(const ConverterManifest& manifest) {
  std::vector<std::string> lines;
  for (const WeightConverter& leaf : manifest.converters()) {
    std::vector<std::string> outputs;
    for (const Tensor& t : leaf.checkpoint()) {
      outputs.push_back(
          absl::StrCat(t.name(), " [", absl::StrJoin(t.shape(), ","), "]"));
    }
    lines.push_back(absl::StrCat(leaf.fast_llm(0).name(), " [",
                                 absl::StrJoin(leaf.fast_llm(0).shape(), ","),
                                 "] -> ", absl::StrJoin(outputs, ", "), " ",
                                 TransformKind_Name(leaf.transform())));
  }
  return lines;
}

ConverterManifest Convert(const std::string& text) {
  ModelConfig config;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &config));
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(config);
  EXPECT_TRUE(resolved.ok()) << resolved.status();
  absl::StatusOr<ParameterManifest> parameters =
      BuildParameterManifest(*resolved, "test");
  EXPECT_TRUE(parameters.ok());
  absl::StatusOr<ConverterManifest> manifest =
      BuildConverterManifest(kLlamaFormat, *resolved, *parameters, "test");
  EXPECT_TRUE(manifest.ok()) << manifest.status();
  return *manifest;
}

// The llama fixture's model (spec §1.13), one block.
constexpr char kLlamaOneBlock[] = R"pb(
  hidden_size: 256
  embeddings { vocab_size: 384 }
  decoder {
    num_blocks: 1
    block {
      mixer {
        attention {
          heads: 8
          head_groups: 4
          head_size: 32
          add_linear_biases: false
        }
      }
      mlp { intermediate_size: 1024 gated: true add_linear_biases: false }
      normalization { type: RMS_NORM }
    }
  }
  head { normalization { type: RMS_NORM } }
)pb";

// Spec §3 common block table and §3.1, in Fast-LLM's emission order, with
// the exported (Hugging Face) shapes.
TEST(LlamaTest, NamesShapesAndOrderFollowTheSpec) {
  EXPECT_THAT(
      Describe(Convert(kLlamaOneBlock)),
      ElementsAreArray({
          "embeddings.word_embeddings_weight [384,256] -> "
          "model.embed_tokens.weight [384,256] RENAME",
          "decoder.0.mixer.query.weight [256,256] -> "
          "model.layers.0.self_attn.q_proj.weight [256,256] RENAME",
          "decoder.0.mixer.key_value.weight [256,256] -> "
          "model.layers.0.self_attn.k_proj.weight [128,256], "
          "model.layers.0.self_attn.v_proj.weight [128,256] KEY_VALUE_SPLIT",
          "decoder.0.mixer.dense.weight [256,256] -> "
          "model.layers.0.self_attn.o_proj.weight [256,256] RENAME",
          "decoder.0.mlp.layer_1.weight [2048,256] -> "
          "model.layers.0.mlp.gate_proj.weight [1024,256], "
          "model.layers.0.mlp.up_proj.weight [1024,256] SPLIT",
          "decoder.0.mlp.layer_2.weight [1024,256] -> "
          "model.layers.0.mlp.down_proj.weight [256,1024] TRANSPOSE_SPLIT",
          "decoder.0.norm_1.weight [256] -> "
          "model.layers.0.input_layernorm.weight [256] RENAME",
          "decoder.0.norm_2.weight [256] -> "
          "model.layers.0.post_attention_layernorm.weight [256] RENAME",
          "head.final_norm.weight [256] -> model.norm.weight [256] RENAME",
          "head.output_weights [384,256] -> lm_head.weight [384,256] "
          "OUTPUT_PROJECTION",
      }));
}

TEST(LlamaTest, OutputProjectionIsDroppedWhenTied) {
  const std::vector<std::string> lines = Describe(
      Convert(absl::StrCat(kLlamaOneBlock, "tied_embedding_weight: true")));
  EXPECT_EQ(lines.back(),
            "head.final_norm.weight [256] -> model.norm.weight [256] RENAME");
}

TEST(LlamaTest, BiasesFollowAddLinearBiasesNotPerLayerOverrides) {
  // Attention biases on, but the dense layer's own bias off: the Llama
  // converter still emits o_proj.bias (it reads add_linear_biases only), a
  // phantom the coverage check reports.
  const std::vector<std::string> lines = Describe(Convert(R"pb(
    hidden_size: 64
    decoder {
      num_blocks: 1
      block {
        mixer {
          attention {
            heads: 4
            head_size: 16
            dense_layer { bias { enabled: false } }
          }
        }
        mlp { add_linear_biases: false }
      }
    }
  )pb"));
  EXPECT_THAT(lines,
              Contains("decoder.0.mixer.query.bias [64] -> "
                       "model.layers.0.self_attn.q_proj.bias [64] RENAME"));
  EXPECT_THAT(lines,
              Contains("decoder.0.mixer.dense.bias [] -> "
                       "model.layers.0.self_attn.o_proj.bias [] RENAME"));
  EXPECT_THAT(lines, Not(Contains(::testing::HasSubstr("mlp.layer_1.bias"))));
}

TEST(LlamaTest, IsRegisteredByName) {
  absl::StatusOr<const Format*> format = FindFormat("llama");
  ASSERT_TRUE(format.ok());
  EXPECT_EQ((*format)->architecture, "LlamaForCausalLM");
  EXPECT_EQ(FindFormat("lama").status().message(),
            "unknown checkpoint format \"lama\"; known formats: llama");
}

}  // namespace
}  // namespace weightwalk

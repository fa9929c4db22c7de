#include "converters/llama/llama.h"

#include "absl/strings/str_cat.h"
#include "converters/llama/llama_config.h"

namespace weightwalk {
namespace {

// The Fast-LLM name of a mixer's type.
const char* MixerTypeName(const MixerConfig& mixer) {
  switch (mixer.type_case()) {
    case MixerConfig::kMamba:
      return "mamba";
    case MixerConfig::kGdn:
      return "gdn";
    case MixerConfig::kKda:
      return "kda";
    case MixerConfig::kStochastic:
      return "stochastic";
    default:
      return "attention";
  }
}

}  // namespace

void EmitLlamaNormalization(const ConverterEmitter& out) {
  out.Rename("weight", "weight");
}

const AttentionConfig* RequireAttention(const MixerConfig& mixer,
                                        const ConverterEmitter& out) {
  if (mixer.has_attention()) return &mixer.attention();
  out.Fail(absl::StrCat("the format has no converter for a ",
                        MixerTypeName(mixer),
                        " mixer (Fast-LLM's attention converter reads its "
                        "add_linear_biases, which it does not have)"));
  return nullptr;
}

void EmitLlamaAttention(const MixerConfig& mixer, const ConverterEmitter& out) {
  // Fast-LLM's Llama attention converter does not check the mixer's type:
  // it declares q/k/v/o for any mixer, reading only add_linear_biases. A
  // Mamba mixer has that field, so it gets attention converters naming
  // parameters it does not have (Llava's hybrid decoder does this); the
  // other mixers have no such field, and making the converters fails.
  bool biases = false;
  if (mixer.has_mamba()) {
    biases = mixer.mamba().add_linear_biases();
  } else {
    const AttentionConfig* attention = RequireAttention(mixer, out);
    if (attention == nullptr) return;
    biases = attention->add_linear_biases();
  }
  out.Linear("query", {"q_proj"}, RENAME, biases);
  out.Linear("key_value", {"k_proj", "v_proj"}, KEY_VALUE_SPLIT, biases);
  out.Linear("dense", {"o_proj"}, RENAME, biases);
}

void EmitLlamaMLP(const MLPConfig& mlp, const ConverterEmitter& out) {
  if (mlp.type() == MLPConfig::HYBRID_MOE) {
    out.Fail("the format has no converter for a hybrid_moe MLP");
    return;
  }
  const bool biases = mlp.add_linear_biases();
  out.Linear("layer_1", {"gate_proj", "up_proj"}, SPLIT, biases);
  out.Linear("layer_2", {"down_proj"}, TRANSPOSE_SPLIT, biases);
}

void LlamaBlockConverter::Emit(const DecoderBlockConfig& block,
                               const ConverterEmitter& out) const {
  emit_mixer(block.mixer(), out.Nested("mixer", mixer_name));
  emit_mlp(block.mlp(), out.Nested("mlp", mlp_name));
  EmitLlamaNormalization(out.Nested("norm_1", norm_1_name));
  EmitLlamaNormalization(out.Nested("norm_2", norm_2_name));
}

void EmitLlamaEmbeddings(const ConverterEmitter& out) {
  out.Nested("embeddings", "model")
      .Rename("word_embeddings_weight", "embed_tokens.weight");
}

void EmitLlamaDecoder(const ModelConfig& resolved,
                      const LlamaBlockConverter& block,
                      const ConverterEmitter& out) {
  EmitBlockSequence(resolved.decoder(), "decoder", "model.layers", out,
                    [&block](const DecoderBlockConfig& config,
                             const ConverterEmitter& block_out) {
                      block.Emit(config, block_out);
                    });
}

void EmitLlamaHead(const ModelConfig& resolved, const ConverterEmitter& out,
                   absl::string_view final_norm) {
  const ConverterEmitter head = out.Nested("head", "");
  EmitLlamaNormalization(head.Nested("final_norm", final_norm));
  // Fast-LLM's OutputProjectionWeightConverter: nothing when tied.
  if (!resolved.tied_embedding_weight()) {
    head.Emit(OUTPUT_PROJECTION, {"output_weights"}, {"lm_head.weight"});
  }
}

void EmitLlamaModel(const ModelConfig& resolved,
                    const LlamaBlockConverter& block,
                    const ConverterEmitter& out) {
  EmitLlamaEmbeddings(out);
  EmitLlamaDecoder(resolved, block, out);
  EmitLlamaHead(resolved, out);
}

void EmitLlama(const ModelConfig& resolved, const ConverterEmitter& out) {
  EmitLlamaModel(resolved, LlamaBlockConverter(), out);
}

const Format kLlamaFormat = {
    "llama", "LlamaForCausalLM", &EmitLlama, {"llama"}, &kLlamaConfig};
WEIGHTWALK_REGISTER_FORMAT(kLlamaFormat);

}  // namespace weightwalk

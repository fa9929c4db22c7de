#include "converters/llama/llama.h"

namespace weightwalk {

void EmitLlamaAttention(const MixerConfig& mixer, const ConverterEmitter& out) {
  const AttentionConfig& attention = mixer.attention();
  const bool biases = attention.add_linear_biases();
  out.Linear("query", {"q_proj"}, RENAME, biases);
  out.Linear("key_value", {"k_proj", "v_proj"}, KEY_VALUE_SPLIT, biases);
  out.Linear("dense", {"o_proj"}, RENAME, biases);
}

void EmitLlamaMLP(const MLPConfig& mlp, const ConverterEmitter& out) {
  const bool biases = mlp.add_linear_biases();
  out.Linear("layer_1", {"gate_proj", "up_proj"}, SPLIT, biases);
  out.Linear("layer_2", {"down_proj"}, TRANSPOSE_SPLIT, biases);
}

void LlamaBlockConverter::Emit(const DecoderBlockConfig& block,
                               const ConverterEmitter& out) const {
  emit_mixer(block.mixer(), out.Nested("mixer", mixer_name));
  emit_mlp(block.mlp(), out.Nested("mlp", mlp_name));
  // Llama's normalization converter renames the weight only.
  out.Nested("norm_1", norm_1_name).Rename("weight", "weight");
  out.Nested("norm_2", norm_2_name).Rename("weight", "weight");
}

void EmitLlamaModel(const ModelConfig& resolved,
                    const LlamaBlockConverter& block,
                    const ConverterEmitter& out) {
  out.Nested("embeddings", "model")
      .Rename("word_embeddings_weight", "embed_tokens.weight");
  EmitBlockSequence(resolved.decoder(), "decoder", "model.layers", out,
                    [&block](const DecoderBlockConfig& config,
                             const ConverterEmitter& block_out) {
                      block.Emit(config, block_out);
                    });
  const ConverterEmitter head = out.Nested("head", "");
  head.Nested("final_norm", "model.norm").Rename("weight", "weight");
  // Fast-LLM's OutputProjectionWeightConverter: nothing when tied.
  if (!resolved.tied_embedding_weight()) {
    head.Emit(OUTPUT_PROJECTION, {"output_weights"}, {"lm_head.weight"});
  }
}

absl::Status EmitLlama(const ModelConfig& resolved,
                       const ConverterEmitter& out) {
  EmitLlamaModel(resolved, LlamaBlockConverter(), out);
  return absl::OkStatus();
}

const Format kLlamaFormat = {"llama", "LlamaForCausalLM", &EmitLlama};
WEIGHTWALK_REGISTER_FORMAT(kLlamaFormat);

}  // namespace weightwalk

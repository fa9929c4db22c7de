#include "converters/gemma4/gemma4.h"

#include "converters/gemma4/gemma4_config.h"
#include "converters/llama/llama.h"

namespace weightwalk {
namespace {

void EmitGemma4Attention(const MixerConfig& mixer,
                         const ConverterEmitter& out) {
  const AttentionConfig* attention = RequireAttention(mixer, out);
  if (attention == nullptr) return;
  out.Linear("query", {"q_proj"}, RENAME, false);
  if (attention->shared_key_value()) {
    out.Linear("key_value", {"k_proj"}, RENAME, false);
  } else {
    out.Linear("key_value", {"k_proj", "v_proj"}, KEY_VALUE_SPLIT, false);
  }
  out.Linear("dense", {"o_proj"}, RENAME, false);
  // value_norm is a fixed RMS norm: no weight, no converter.
  if (attention->has_query_norm()) {
    EmitLlamaNormalization(out.Nested("query_norm", "q_norm"));
  }
  if (attention->has_key_norm()) {
    EmitLlamaNormalization(out.Nested("key_norm", "k_norm"));
  }
}

void EmitGemma4DenseMLP(const ConverterEmitter& out) {
  out.Linear("layer_1", {"gate_proj", "up_proj"}, SPLIT, false);
  out.Linear("layer_2", {"down_proj"}, TRANSPOSE_SPLIT, false);
}

void EmitGemma4RoutedMLP(const MLPConfig& routed, const ConverterEmitter& out) {
  out.Linear("router", {"router.proj"}, RENAME, false);
  out.Rename("router_scale", "router.scale");
  out.Rename("router_per_expert_scale", "router.per_expert_scale");
  out.Emit(MOE_LAYER_1_RESHAPE, {"layer_1.weight"}, {"experts.gate_up_proj"},
           {routed.experts()});
  out.Emit(MOE_LAYER_2_RESHAPE_PERMUTE, {"layer_2.weight"},
           {"experts.down_proj"}, {routed.experts()});
}

// The hybrid MoE flat-merges into the block (`out` is at P).
void EmitGemma4HybridMoE(const MLPConfig& mlp, const ConverterEmitter& out) {
  EmitGemma4DenseMLP(out.Nested("dense", "mlp"));
  EmitGemma4RoutedMLP(mlp.routed(), out.Nested("routed", ""));
  EmitLlamaNormalization(
      out.Nested("dense.pre_norm", "pre_feedforward_layernorm"));
  EmitLlamaNormalization(
      out.Nested("dense.post_norm", "post_feedforward_layernorm_1"));
  EmitLlamaNormalization(
      out.Nested("routed.pre_norm", "pre_feedforward_layernorm_2"));
  EmitLlamaNormalization(
      out.Nested("routed.post_norm", "post_feedforward_layernorm_2"));
}

void EmitGemma4Block(const DecoderBlockConfig& block,
                     const ConverterEmitter& out) {
  EmitGemma4Attention(block.mixer(), out.Nested("mixer", "self_attn"));
  const bool hybrid = block.mlp().type() == MLPConfig::HYBRID_MOE;
  if (hybrid) {
    EmitGemma4HybridMoE(block.mlp(), out.Nested("mlp", ""));
  } else if (block.mlp().type() == MLPConfig::MLP) {
    EmitGemma4DenseMLP(out.Nested("mlp", "mlp"));
  } else {
    out.Nested("mlp", "").Fail(
        "the gemma4 format converts a dense mlp or a hybrid_moe, not a moe");
  }
  EmitLlamaNormalization(out.Nested("norm_1", "input_layernorm"));
  if (!hybrid) {
    EmitLlamaNormalization(out.Nested("norm_2", "pre_feedforward_layernorm"));
  }
  EmitLlamaNormalization(
      out.Nested("post_mixer_norm", "post_attention_layernorm"));
  EmitLlamaNormalization(
      out.Nested("post_mlp_norm", "post_feedforward_layernorm"));
  out.Rename("output_scale", "layer_scalar");
}

}  // namespace

void EmitGemma4(const ModelConfig& resolved, const ConverterEmitter& out) {
  EmitLlamaEmbeddings(out);
  EmitBlockSequence(resolved.decoder(), "decoder", "model.layers", out,
                    &EmitGemma4Block);
  EmitLlamaHead(resolved, out);
}

const Format kGemma4Format = {"gemma4",
                              "Gemma4ForCausalLM",
                              &EmitGemma4,
                              {"gemma4_text"},
                              &kGemma4Config};
WEIGHTWALK_REGISTER_FORMAT(kGemma4Format);

}  // namespace weightwalk

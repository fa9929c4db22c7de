// The `gemma4` format (Gemma4ForCausalLM, model_type gemma4_text), spec
// §3.9. P = model.layers.{i}; no leaf has a bias.
//
//   decoder.{i}.mixer.query/dense.weight    P.self_attn.q_proj / o_proj.weight
//   decoder.{i}.mixer.key_value.weight      P.self_attn.k_proj + v_proj.weight,
//   or
//                                           k_proj alone under shared_key_value
//   decoder.{i}.mixer.query/key_norm.weight P.self_attn.q_norm / k_norm.weight
//   (when set) decoder.{i}.norm_1.weight               P.input_layernorm.weight
//   decoder.{i}.norm_2.weight               P.pre_feedforward_layernorm.weight
//   (dense-MLP blocks only) decoder.{i}.post_mixer/mlp_norm.weight
//   P.post_attention_layernorm / post_feedforward_layernorm.weight
//   decoder.{i}.output_scale                P.layer_scalar
//   dense MLP: mlp.layer_1/layer_2          P.mlp.gate_proj + up_proj /
//   down_proj hybrid MoE, at P itself:
//     mlp.dense.*                           P.mlp.gate_proj + up_proj /
//     down_proj mlp.routed.router.weight              P.router.proj.weight
//     mlp.routed.router_scale / router_per_expert_scale
//                                           P.router.scale / per_expert_scale
//     mlp.routed.layer_1.weight [E·2F, H]   P.experts.gate_up_proj [E, 2F, H]
//     mlp.routed.layer_2.weight [E·F, H]    P.experts.down_proj [E, H, F]
//     mlp.dense.pre_norm / post_norm        P.pre_feedforward_layernorm /
//     post_feedforward_layernorm_1 mlp.routed.pre_norm / post_norm
//     P.pre_feedforward_layernorm_2 / post_feedforward_layernorm_2
//
// The Gemma-4 checkpoint names `layer_scalar`, `router.scale`,
// `router.per_expert_scale`, `experts.gate_up_proj` and `experts.down_proj`
// have no `.weight` suffix.
#ifndef WEIGHTWALK_CONVERTERS_GEMMA4_GEMMA4_H_
#define WEIGHTWALK_CONVERTERS_GEMMA4_GEMMA4_H_

#include "converters/format.h"

namespace weightwalk {

void EmitGemma4(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kGemma4Format;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_GEMMA4_GEMMA4_H_

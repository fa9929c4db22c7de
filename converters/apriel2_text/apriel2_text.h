// The `apriel2_text` format (Apriel2ForCausalLM), spec §3.8. Blocks live at
// P = model.decoder.blocks.{i}:
//
//   decoder.{i}.mixer.…              P.mixer.… (attention: q_proj, k_proj +
//                                    v_proj, o_proj; mamba, gdn, kda: as in
//                                    converters/ssm)
//   decoder.{i}.mixer.mixers.{m}.…   P.mixer.mixers.{m}.… (stochastic)
//   decoder.{i}.mlp.layer_1.*        P.mlp.gate_proj + up_proj, or up_proj
//                                    alone when not gated
//   decoder.{i}.mlp.layer_2.*        P.mlp.down_proj (transposed)
//   decoder.{i}.norm_1/norm_2.weight P.input_layernorm /
//   post_attention_layernorm
//
// Biases follow each layer's own flag, falling back to add_linear_biases,
// for attention and MLP (K/V needs both key and value); Mamba's dt_proj and
// conv1d, and GDN's convolution, read only the explicit flag (spec §3.8 and
// erratum I5).
#ifndef WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_TEXT_H_
#define WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_TEXT_H_

#include "converters/format.h"
#include "converters/llama/llama.h"

namespace weightwalk {

// Apriel2's MLP converter (also the vision MLP of the multimodal format).
void EmitApriel2MLP(const MLPConfig& mlp, const ConverterEmitter& out);

// Apriel2's block: mixer (by type), mlp, norm_1, norm_2.
LlamaBlockConverter Apriel2BlockConverter();

// Embeddings, blocks at model.decoder.blocks.{i}, head.
void EmitApriel2Text(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kApriel2TextFormat;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_TEXT_H_

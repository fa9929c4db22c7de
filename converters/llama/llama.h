// The `llama` checkpoint format (Fast-LLM's LlamaHuggingfaceCheckpointHandler,
// transformers' LlamaForCausalLM), and the Llama-style pieces that the
// formats derived from it reuse (spec §3, common block table, and §3.1):
//
//   Fast-LLM                    checkpoint                     transform
//   embeddings.                 model.embed_tokens.weight      rename
//     word_embeddings_weight
//   D.mixer.query.*             P.self_attn.q_proj.*           rename
//   D.mixer.key_value.*         P.self_attn.{k,v}_proj.*       key-value split
//   D.mixer.dense.*             P.self_attn.o_proj.*           rename
//   D.mlp.layer_1.*             P.mlp.{gate,up}_proj.*         split
//   D.mlp.layer_2.*             P.mlp.down_proj.*              transpose
//   D.norm_1.weight             P.input_layernorm.weight       rename
//   D.norm_2.weight             P.post_attention_layernorm.    rename
//                                 weight
//   head.final_norm.weight      model.norm.weight              rename
//   head.output_weights         lm_head.weight                 output
//                                                              projection
//
// with D = decoder.{i} and P = model.layers.{i}; the output projection is
// emitted only when the embeddings are untied. Attention biases follow the
// attention's `add_linear_biases`, MLP biases the MLP's (the Llama format has
// no per-layer overrides). Leaves come in Fast-LLM's order: embeddings, each
// block (mixer, mlp, norm_1, norm_2), then the head (final_norm,
// output_weights).
#ifndef WEIGHTWALK_CONVERTERS_LLAMA_LLAMA_H_
#define WEIGHTWALK_CONVERTERS_LLAMA_LLAMA_H_

#include "absl/strings/string_view.h"
#include "converters/emitter.h"
#include "converters/format.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// Fast-LLM's LlamaNormalizationConverter: `weight` renamed. A LayerNorm's
// bias has no converter, which the coverage check reports.
void EmitLlamaNormalization(const ConverterEmitter& out);

// The attention config of `mixer`, or null after `out.Fail` when the mixer
// is of another type, which a Llama-style block cannot convert.
const AttentionConfig* RequireAttention(const MixerConfig& mixer,
                                        const ConverterEmitter& out);

// q_proj, k_proj + v_proj, o_proj; biases from add_linear_biases.
void EmitLlamaAttention(const MixerConfig& mixer, const ConverterEmitter& out);

// gate_proj + up_proj, down_proj; biases from add_linear_biases.
void EmitLlamaMLP(const MLPConfig& mlp, const ConverterEmitter& out);

// A Llama-style block (Fast-LLM's LlamaBlockConverter): mixer, mlp, norm_1,
// norm_2. Formats derived from Llama change the checkpoint names or the
// mixer and MLP converters, as Fast-LLM's subclasses change class variables.
struct LlamaBlockConverter {
  absl::string_view mixer_name = "self_attn";
  absl::string_view mlp_name = "mlp";
  absl::string_view norm_1_name = "input_layernorm";
  absl::string_view norm_2_name = "post_attention_layernorm";
  void (*emit_mixer)(const MixerConfig&,
                     const ConverterEmitter&) = &EmitLlamaAttention;
  void (*emit_mlp)(const MLPConfig&, const ConverterEmitter&) = &EmitLlamaMLP;

  void Emit(const DecoderBlockConfig& block, const ConverterEmitter& out) const;
};

// embeddings.word_embeddings_weight -> model.embed_tokens.weight.
void EmitLlamaEmbeddings(const ConverterEmitter& out);

// Every decoder block, `decoder.{i}` -> `model.layers.{i}`, with `block`.
void EmitLlamaDecoder(const ModelConfig& resolved,
                      const LlamaBlockConverter& block,
                      const ConverterEmitter& out);

// Fast-LLM's LlamaHeadConverter: head.final_norm -> `final_norm`, then the
// output projection head.output_weights -> lm_head.weight unless tied.
void EmitLlamaHead(const ModelConfig& resolved, const ConverterEmitter& out,
                   absl::string_view final_norm = "model.norm");

// Fast-LLM's LlamaBaseModelConverter.get_converters: embeddings, decoder,
// head.
void EmitLlamaModel(const ModelConfig& resolved,
                    const LlamaBlockConverter& block,
                    const ConverterEmitter& out);

// The `llama` format.
void EmitLlama(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kLlamaFormat;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_LLAMA_LLAMA_H_

// The `llava` format (LlavaForConditionalGeneration), spec §3.10: a
// Pixtral vision tower, a projector, and a Mistral language model under
// `language_model.`:
//
//   vision_encoder.embeddings.patch_embeddings.weight
//   vision_tower.patch_conv.weight [Hv,3,p,p]
//   vision_encoder.embeddings.normalization.weight vision_tower.ln_pre.weight
//   vision_encoder.encoder.{i}.… vision_tower.transformer.layers.{i}.
//                                                      {attention.*,
//                                                      feed_forward.*,
//                                                       attention_norm,
//                                                       ffn_norm}
//   vision_encoder.adapter.layer_1/layer_2.*
//   multi_modal_projector.linear_1/linear_2.* embeddings.word_embeddings_weight
//   language_model.model.embed_tokens.weight decoder.{i}.…
//   language_model.model.layers.{i}.… (Mistral) head.final_norm.weight
//   language_model.model.norm.weight head.output_weights
//   language_model.lm_head.weight,
//                                                      a plain rename even when
//                                                      tied
//
// Order (Fast-LLM's): vision encoder, embeddings, decoder, head.
#ifndef WEIGHTWALK_CONVERTERS_LLAVA_LLAVA_H_
#define WEIGHTWALK_CONVERTERS_LLAVA_LLAVA_H_

#include "converters/format.h"

namespace weightwalk {

// The adapter MLP: layer_1 -> linear_1, layer_2 -> linear_2 (transposed),
// biases from its add_linear_biases. Also Apriel2's vision adapter.
void EmitLinearAdapter(const MLPConfig& adapter, const ConverterEmitter& out);

// The Llava vision tower and projector. Fails without a vision encoder.
void EmitLlavaVision(const ModelConfig& resolved, const ConverterEmitter& out);

// Embeddings and Mistral blocks under language_model.model.
void EmitLlavaLanguageModelBody(const ModelConfig& resolved,
                                const ConverterEmitter& out);

void EmitLlava(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kLlavaFormat;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_LLAVA_LLAVA_H_

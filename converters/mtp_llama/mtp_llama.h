// The `mtp_llama` format (MTPLlamaForCausalLM), spec §3.5: Llama with
// multi-token prediction.
//
//   multi_token_prediction.blocks.{j}.…           model.mtp_heads.{j}.… (Llama
//   block names) multi_token_prediction.heads.{j}.final_norm
//   model.mtp_norms.{j+1}.weight head.final_norm.weight
//   model.mtp_norms.0.weight (no model.norm)
//   multi_token_prediction.heads.{j}.output_weights: none, tied to
//   head.output_weights
//
// Order (Fast-LLM's): embeddings, decoder, the MTP blocks, the MTP norms,
// then the head.
#ifndef WEIGHTWALK_CONVERTERS_MTP_LLAMA_MTP_LLAMA_H_
#define WEIGHTWALK_CONVERTERS_MTP_LLAMA_MTP_LLAMA_H_

#include "converters/format.h"

namespace weightwalk {

void EmitMtpLlama(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kMtpLlamaFormat;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_MTP_LLAMA_MTP_LLAMA_H_

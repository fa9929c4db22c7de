// The `apriel_hybrid_ssm` format (AprielHybridSSMForCausalLM), spec §3.7:
// Mistral, with each block converted by its mixer's type. Attention blocks
// use `model.layers.{i}.self_attn.*`; Mamba, GDN and KDA blocks use
// `model.layers.{i}.mixer.*` (converters/ssm). A stochastic mixer has no
// converter in this format.
#ifndef WEIGHTWALK_CONVERTERS_APRIEL_HYBRID_SSM_APRIEL_HYBRID_SSM_H_
#define WEIGHTWALK_CONVERTERS_APRIEL_HYBRID_SSM_APRIEL_HYBRID_SSM_H_

#include "converters/format.h"

namespace weightwalk {

// One block, by its mixer's type (Fast-LLM's AprielBlockConverter).
void EmitAprielHybridBlock(const DecoderBlockConfig& block,
                           const ConverterEmitter& out);

void EmitAprielHybridSsm(const ModelConfig& resolved,
                         const ConverterEmitter& out);

extern const Format kAprielHybridSsmFormat;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_APRIEL_HYBRID_SSM_APRIEL_HYBRID_SSM_H_

// The `mixtral` format (MixtralForCausalLM), spec §3.3: Mistral with a
// mixture of experts at P.block_sparse_moe (P = model.layers.{i}):
//
//   decoder.{i}.mlp.router.weight    P.block_sparse_moe.gate.weight     rename
//   decoder.{i}.mlp.layer_1.weight P.block_sparse_moe.experts.{e}.w1/w3.weight,
//                                    interleaved e0.w1, e0.w3, e1.w1, ...
//                                    split(2E)
//   decoder.{i}.mlp.layer_2.weight   P.block_sparse_moe.experts.{e}.w2.weight
//                                                                       transpose-split(E)
#ifndef WEIGHTWALK_CONVERTERS_MIXTRAL_MIXTRAL_H_
#define WEIGHTWALK_CONVERTERS_MIXTRAL_MIXTRAL_H_

#include "converters/format.h"

namespace weightwalk {

// Fast-LLM's MixtralMLPConverter. Fails for an MLP that is not `moe`.
void EmitMixtralMLP(const MLPConfig& mlp, const ConverterEmitter& out);

void EmitMixtral(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kMixtralFormat;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_MIXTRAL_MIXTRAL_H_

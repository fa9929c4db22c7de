// The `qwen2` format (Qwen2ForCausalLM), spec §3.4: Llama's names, but the
// query and key-value biases are always emitted and dense never has one,
// whatever the config says.
#ifndef WEIGHTWALK_CONVERTERS_QWEN2_QWEN2_H_
#define WEIGHTWALK_CONVERTERS_QWEN2_QWEN2_H_

#include "converters/format.h"

namespace weightwalk {

// Fast-LLM's Qwen2AttentionConverter: q/k/v with biases, o without.
void EmitQwen2Attention(const MixerConfig& mixer, const ConverterEmitter& out);

void EmitQwen2(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kQwen2Format;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_QWEN2_QWEN2_H_

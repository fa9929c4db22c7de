// The `mistral` format (MistralForCausalLM), spec §3.2: Llama plus a
// sliding window, which is config only. The weights are Llama's; Mistral's
// block is the one Mixtral and Llava build on.
#ifndef WEIGHTWALK_CONVERTERS_MISTRAL_MISTRAL_H_
#define WEIGHTWALK_CONVERTERS_MISTRAL_MISTRAL_H_

#include "converters/format.h"
#include "converters/llama/llama.h"

namespace weightwalk {

// Fast-LLM's MistralBlockConverter: Llama's names and transforms.
LlamaBlockConverter MistralBlockConverter();

void EmitMistral(const ModelConfig& resolved, const ConverterEmitter& out);

extern const Format kMistralFormat;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_MISTRAL_MISTRAL_H_

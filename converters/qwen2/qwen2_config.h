// The qwen2 format's config.json: Fast-LLM's qwen2.py: no head_dim, q/k/v
// biases always on and the dense bias off.
#ifndef WEIGHTWALK_CONVERTERS_QWEN2_QWEN2_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_QWEN2_QWEN2_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& Qwen2Options();

extern const ConfigCodec kQwen2Config;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_QWEN2_QWEN2_CONFIG_H_

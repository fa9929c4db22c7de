// The llama format's config.json: Fast-LLM's llama.py: attention_bias and
// mlp_bias, head_dim, and the rotary keys.
#ifndef WEIGHTWALK_CONVERTERS_LLAMA_LLAMA_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_LLAMA_LLAMA_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& LlamaOptions();

extern const ConfigCodec kLlamaConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_LLAMA_LLAMA_CONFIG_H_

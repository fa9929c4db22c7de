// The diffusion_llama format's config.json: Fast-LLM's diffusion_llama.py:
// Llama's keys.
#ifndef WEIGHTWALK_CONVERTERS_DIFFUSION_LLAMA_DIFFUSION_LLAMA_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_DIFFUSION_LLAMA_DIFFUSION_LLAMA_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& DiffusionLlamaOptions();

extern const ConfigCodec kDiffusionLlamaConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_DIFFUSION_LLAMA_DIFFUSION_LLAMA_CONFIG_H_

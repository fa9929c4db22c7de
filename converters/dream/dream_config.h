// The dream format's config.json: Fast-LLM's dream.py: Qwen2's keys.
#ifndef WEIGHTWALK_CONVERTERS_DREAM_DREAM_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_DREAM_DREAM_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& DreamOptions();

extern const ConfigCodec kDreamConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_DREAM_DREAM_CONFIG_H_

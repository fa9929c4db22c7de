// The mistral format's config.json: Fast-LLM's mistral.py: the Llama keys
// without biases, with sliding_window.
#ifndef WEIGHTWALK_CONVERTERS_MISTRAL_MISTRAL_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_MISTRAL_MISTRAL_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& MistralOptions();

extern const ConfigCodec kMistralConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_MISTRAL_MISTRAL_CONFIG_H_

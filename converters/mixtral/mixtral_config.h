// The mixtral format's config.json: Fast-LLM's mixtral.py: Mistral's keys and
// the experts'.
#ifndef WEIGHTWALK_CONVERTERS_MIXTRAL_MIXTRAL_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_MIXTRAL_MIXTRAL_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& MixtralOptions();

extern const ConfigCodec kMixtralConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_MIXTRAL_MIXTRAL_CONFIG_H_

// The mtp_llama format's config.json: Fast-LLM's mtp_llama.py: Llama's keys and
// prediction_heads.
#ifndef WEIGHTWALK_CONVERTERS_MTP_LLAMA_MTP_LLAMA_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_MTP_LLAMA_MTP_LLAMA_CONFIG_H_

#include "converters/format.h"
#include "converters/hf/llama_family.h"

namespace weightwalk {

// The Llama-family options of the format.
const LlamaFamily& MtpLlamaOptions();

extern const ConfigCodec kMtpLlamaConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_MTP_LLAMA_MTP_LLAMA_CONFIG_H_

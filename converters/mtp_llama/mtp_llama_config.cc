#include "converters/mtp_llama/mtp_llama_config.h"

namespace weightwalk {

const LlamaFamily& MtpLlamaOptions() {
  static const LlamaFamily* const family = [] {
    auto* family = new LlamaFamily("mtp_llama", "MTPLlamaForCausalLM");
    family->biases = true;
    family->prediction_heads = true;
    return family;
  }();
  return *family;
}

const ConfigCodec kMtpLlamaConfig = LlamaFamilyCodec<&MtpLlamaOptions>();

}  // namespace weightwalk

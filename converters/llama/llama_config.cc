#include "converters/llama/llama_config.h"

namespace weightwalk {

const LlamaFamily& LlamaOptions() {
  static const LlamaFamily* const family = [] {
    auto* family = new LlamaFamily("llama", "LlamaForCausalLM");
    family->biases = true;
    return family;
  }();
  return *family;
}

const ConfigCodec kLlamaConfig = LlamaFamilyCodec<&LlamaOptions>();

}  // namespace weightwalk

#include "converters/mistral/mistral_config.h"

namespace weightwalk {

const LlamaFamily& MistralOptions() {
  static const LlamaFamily* const family = [] {
    auto* family = new LlamaFamily("mistral", "MistralForCausalLM");
    family->sliding_window = true;
    return family;
  }();
  return *family;
}

const ConfigCodec kMistralConfig = LlamaFamilyCodec<&MistralOptions>();

}  // namespace weightwalk

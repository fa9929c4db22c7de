#include "converters/diffusion_llama/diffusion_llama_config.h"

namespace weightwalk {

const LlamaFamily& DiffusionLlamaOptions() {
  static const LlamaFamily* const family = [] {
    auto* family = new LlamaFamily("diffusion_llama", "DiffusionLlamaModel");
    family->biases = true;
    return family;
  }();
  return *family;
}

const ConfigCodec kDiffusionLlamaConfig =
    LlamaFamilyCodec<&DiffusionLlamaOptions>();

}  // namespace weightwalk

#include "converters/qwen2/qwen2_config.h"

namespace weightwalk {

const LlamaFamily& Qwen2Options() {
  static const LlamaFamily* const family = [] {
    auto* family = new LlamaFamily("qwen2", "Qwen2ForCausalLM");
    family->head_dim = false;
    family->qwen2_biases = true;
    family->extra_claims = {"sliding_window", "use_sliding_window",
                            "max_window_layers", "layer_types", "use_mrope"};
    return family;
  }();
  return *family;
}

const ConfigCodec kQwen2Config = LlamaFamilyCodec<&Qwen2Options>();

}  // namespace weightwalk

#include "converters/dream/dream_config.h"

namespace weightwalk {

const LlamaFamily& DreamOptions() {
  static const LlamaFamily* const family = [] {
    auto* family = new LlamaFamily("dream", "DreamModel");
    family->head_dim = false;
    family->qwen2_biases = true;
    family->extra_claims = {"sliding_window", "use_sliding_window",
                            "max_window_layers", "layer_types", "use_mrope"};
    return family;
  }();
  return *family;
}

const ConfigCodec kDreamConfig = LlamaFamilyCodec<&DreamOptions>();

}  // namespace weightwalk

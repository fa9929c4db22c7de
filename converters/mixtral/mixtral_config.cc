#include "converters/mixtral/mixtral_config.h"

namespace weightwalk {

const LlamaFamily& MixtralOptions() {
  static const LlamaFamily* const family = [] {
    auto* family = new LlamaFamily("mixtral", "MixtralForCausalLM");
    family->sliding_window = true;
    family->moe = true;
    family->extra_claims = {"num_local_experts", "num_experts_per_tok",
                            "router_aux_loss_coef", "router_jitter_noise",
                            "output_router_logits"};
    return family;
  }();
  return *family;
}

const ConfigCodec kMixtralConfig = LlamaFamilyCodec<&MixtralOptions>();

}  // namespace weightwalk

#include "converters/mistral/mistral.h"

#include "converters/mistral/mistral_config.h"

namespace weightwalk {

LlamaBlockConverter MistralBlockConverter() { return LlamaBlockConverter(); }

void EmitMistral(const ModelConfig& resolved, const ConverterEmitter& out) {
  EmitLlamaModel(resolved, MistralBlockConverter(), out);
}

const Format kMistralFormat = {"mistral",
                               "MistralForCausalLM",
                               &EmitMistral,
                               {"mistral"},
                               &kMistralConfig};
WEIGHTWALK_REGISTER_FORMAT(kMistralFormat);

}  // namespace weightwalk

#include "converters/mistral/mistral.h"

namespace weightwalk {

LlamaBlockConverter MistralBlockConverter() { return LlamaBlockConverter(); }

void EmitMistral(const ModelConfig& resolved, const ConverterEmitter& out) {
  EmitLlamaModel(resolved, MistralBlockConverter(), out);
}

const Format kMistralFormat = {"mistral", "MistralForCausalLM", &EmitMistral};
WEIGHTWALK_REGISTER_FORMAT(kMistralFormat);

}  // namespace weightwalk

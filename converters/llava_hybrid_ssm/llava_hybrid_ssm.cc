// The `llava_hybrid_ssm` format (LlavaHybridForConditionalGeneration, the
// architecture name in Fast-LLM's LlavaHybridSSMHuggingfaceCheckpointHandler).
//
// Spec §3.10 says it is Llava "with the Apriel hybrid text converter in place
// of Mistral". Fast-LLM's source (LlavaHybridBaseModelConverter) swaps only
// `language_model_converter_class`, and Llava's weight declarations read two
// class variables of it: `block_converter_class`, which the Apriel text
// converter inherits from Mistral, and `head_converter_class`, Llama's. So,
// following the source: the vision tower, embeddings and decoder are Llava's
// (Mistral blocks, no per-mixer dispatch), and the head is Llama's at the
// checkpoint root (model.norm.weight; lm_head.weight, dropped when tied),
// not under `language_model.`.
#include "converters/format.h"
#include "converters/llama/llama.h"
#include "converters/llava/llava.h"
#include "converters/llava_hybrid_ssm/llava_hybrid_ssm_config.h"

namespace weightwalk {
namespace {

void EmitLlavaHybridSsm(const ModelConfig& resolved,
                        const ConverterEmitter& out) {
  EmitLlavaVision(resolved, out);
  EmitLlavaLanguageModelBody(resolved, out);
  EmitLlamaHead(resolved, out);
}

const Format kLlavaHybridSsmFormat = {"llava_hybrid_ssm",
                                      "LlavaHybridForConditionalGeneration",
                                      &EmitLlavaHybridSsm,
                                      {"llava_hybrid_ssm"},
                                      &kLlavaHybridSsmConfig};
WEIGHTWALK_REGISTER_FORMAT(kLlavaHybridSsmFormat);

}  // namespace
}  // namespace weightwalk

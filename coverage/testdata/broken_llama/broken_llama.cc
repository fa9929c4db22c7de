// "broken_llama": the llama format with two deliberate mistakes, one per
// direction of the coverage check.
//   * It drops the leaf for head.final_norm.weight, so that parameter has no
//     converter (unconverted-parameter).
//   * It adds a leaf for embeddings.position_embeddings_weight, which a
//     Llama model does not have (phantom-parameter).
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "converters/emitter.h"
#include "converters/format.h"
#include "converters/llama/llama.h"

namespace weightwalk {
namespace {

void EmitBrokenLlama(const ModelConfig& resolved, const ConverterEmitter& out) {
  Emission llama;
  EmitLlama(resolved, ConverterEmitter(&llama));
  if (!llama.status.ok()) {
    out.Fail(llama.status.message());
    return;
  }
  for (const WeightConverter& leaf : llama.leaves) {
    if (leaf.fast_llm(0).name() == "head.final_norm.weight") continue;
    std::vector<std::string> inputs, outputs;
    for (const Tensor& tensor : leaf.fast_llm())
      inputs.push_back(tensor.name());
    for (const Tensor& tensor : leaf.checkpoint()) {
      outputs.push_back(tensor.name());
    }
    out.Emit(leaf.transform(), inputs, outputs);
  }
  out.Rename("embeddings.position_embeddings_weight",
             "model.embed_positions.weight");
}

const Format kBrokenLlamaFormat = {
    "broken_llama", "LlamaForCausalLM", &EmitBrokenLlama, {}, nullptr};
WEIGHTWALK_REGISTER_FORMAT(kBrokenLlamaFormat);

}  // namespace
}  // namespace weightwalk

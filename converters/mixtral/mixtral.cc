#include "converters/mixtral/mixtral.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converters/mistral/mistral.h"

namespace weightwalk {

void EmitMixtralMLP(const MLPConfig& mlp, const ConverterEmitter& out) {
  if (mlp.type() != MLPConfig::MOE) {
    out.Fail("the mixtral format needs a moe MLP");
    return;
  }
  const bool biases = mlp.add_linear_biases();
  std::vector<std::string> layer_1, layer_2;
  for (int64_t expert = 0; expert < mlp.experts(); ++expert) {
    layer_1.push_back(absl::StrCat("experts.", expert, ".w1"));
    layer_1.push_back(absl::StrCat("experts.", expert, ".w3"));
    layer_2.push_back(absl::StrCat("experts.", expert, ".w2"));
  }
  out.Linear("router", {"gate"}, RENAME, biases);
  out.Linear("layer_1", layer_1, SPLIT, biases);
  out.Linear("layer_2", layer_2, TRANSPOSE_SPLIT, biases);
}

void EmitMixtral(const ModelConfig& resolved, const ConverterEmitter& out) {
  LlamaBlockConverter block = MistralBlockConverter();
  block.mlp_name = "block_sparse_moe";
  block.emit_mlp = &EmitMixtralMLP;
  EmitLlamaModel(resolved, block, out);
}

const Format kMixtralFormat = {"mixtral", "MixtralForCausalLM", &EmitMixtral};
WEIGHTWALK_REGISTER_FORMAT(kMixtralFormat);

}  // namespace weightwalk

#include "converters/mixtral/mixtral.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converters/mistral/mistral.h"
#include "converters/mixtral/mixtral_config.h"

namespace weightwalk {

namespace {

// The experts' checkpoint names relative to the MLP: layer_1 is
// experts.{e}.w1 and experts.{e}.w3 for each expert e, layer_2 is
// experts.{e}.w2.
struct ExpertNames {
  int64_t experts = -1;
  std::vector<std::string> layer_1;
  std::vector<std::string> layer_2;
};

// They depend only on the number of experts, which every MoE block of a
// model shares, so they are built once per thread, not once a block (see
// BENCHMARKS.md for what that saves on large MoE models).
const ExpertNames& ExpertNamesFor(int64_t experts) {
  thread_local ExpertNames names;
  if (names.experts != experts) {
    names.experts = experts;
    names.layer_1.clear();
    names.layer_2.clear();
    for (int64_t expert = 0; expert < experts; ++expert) {
      names.layer_1.push_back(absl::StrCat("experts.", expert, ".w1"));
      names.layer_1.push_back(absl::StrCat("experts.", expert, ".w3"));
      names.layer_2.push_back(absl::StrCat("experts.", expert, ".w2"));
    }
  }
  return names;
}

}  // namespace

void EmitMixtralMLP(const MLPConfig& mlp, const ConverterEmitter& out) {
  if (mlp.type() != MLPConfig::MOE) {
    out.Fail("the mixtral format needs a moe MLP");
    return;
  }
  const bool biases = mlp.add_linear_biases();
  const ExpertNames& names = ExpertNamesFor(mlp.experts());
  out.Linear("router", {"gate"}, RENAME, biases);
  out.Linear("layer_1", names.layer_1, SPLIT, biases);
  out.Linear("layer_2", names.layer_2, TRANSPOSE_SPLIT, biases);
}

void EmitMixtral(const ModelConfig& resolved, const ConverterEmitter& out) {
  LlamaBlockConverter block = MistralBlockConverter();
  block.mlp_name = "block_sparse_moe";
  block.emit_mlp = &EmitMixtralMLP;
  EmitLlamaModel(resolved, block, out);
}

const Format kMixtralFormat = {"mixtral",
                               "MixtralForCausalLM",
                               &EmitMixtral,
                               {"mixtral"},
                               &kMixtralConfig};
WEIGHTWALK_REGISTER_FORMAT(kMixtralFormat);

}  // namespace weightwalk

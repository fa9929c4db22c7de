// What the Llama-family formats share (llama, mistral, mixtral, qwen2,
// mtp_llama, diffusion_llama, dream, and the language models of llava and
// apriel_hybrid_ssm): Fast-LLM's llama.py config converters, told by named
// options which keys a format reads and writes.
//
//   LlamaFamily MistralOptions() {
//     LlamaFamily family("mistral", "MistralForCausalLM");
//     family.sliding_window = true;
//     return family;
//   }
//   ASSIGN_OR_RETURN(ModelConfig model,
//                    ImportLlamaFamily(MistralOptions(), reader));
#ifndef WEIGHTWALK_CONVERTERS_HF_LLAMA_FAMILY_H_
#define WEIGHTWALK_CONVERTERS_HF_LLAMA_FAMILY_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json_writer.h"
#include "converters/format.h"
#include "converters/hf/config_reader.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// How a Llama-family format reads and writes its keys.
struct LlamaFamily {
  LlamaFamily(const char* name, const char* architecture)
      : name(name), model_type(name), architecture(architecture) {}

  const char* name;
  const char* model_type;
  const char* architecture;
  // attention_bias and mlp_bias are read and written (Llama); else biases
  // are off.
  bool biases = false;
  // sliding_window is the attention's window_size (Mistral, Mixtral).
  bool sliding_window = false;
  // head_dim is read and written (all but Qwen2, whose head size is
  // hidden_size / heads).
  bool head_dim = true;
  // q/k/v biases on and the dense bias off, always (Qwen2).
  bool qwen2_biases = false;
  // Mixtral's experts: num_local_experts, num_experts_per_tok.
  bool moe = false;
  // prediction_heads is read and written (multi-token prediction).
  bool prediction_heads = false;
  // Keys the format claims besides the family's.
  std::vector<const char*> extra_claims;

  // These options under another format's name (also its model_type) and
  // architecture: a format whose config.json is this one's, renamed.
  LlamaFamily Renamed(const char* format,
                      const char* format_architecture) const {
    LlamaFamily family = *this;
    family.name = family.model_type = format;
    family.architecture = format_architecture;
    return family;
  }
};

// llama.py's _llama_rotary_import: v5 rope_parameters, or v4 rope_theta
// with an optional rope_scaling.
absl::Status ImportRotary(const ConfigReader& reader, double default_theta,
                          RotaryConfig* rotary);

// A Llama-family config.json. Without `with_attention` (an Apriel hybrid
// whose layout has no attention block, for which Fast-LLM writes no
// attention keys) the block's mixer is left for the caller to set.
absl::StatusOr<ModelConfig> ImportLlamaFamily(const LlamaFamily& family,
                                              const ConfigReader& reader,
                                              bool with_attention = true);

std::set<std::string> LlamaFamilyClaims(const LlamaFamily& family);

// A per-layer bias flag must be unset or equal its owner's default.
absl::Status CheckLayerBias(absl::string_view format, absl::string_view field,
                            const AffineLinearConfig& layer, bool default_bias);

// The config.json object of a Llama-family model; `top_level` adds
// `architectures` (a Llava text_config has only model_type). With
// `attention_optional` (an Apriel hybrid whose blocks have no attention),
// a block without attention exports no attention keys, as Fast-LLM's
// per-mixer block converters write only the keys of the blocks present.
absl::StatusOr<JsonObject> ExportLlamaFamily(const LlamaFamily& family,
                                             const ModelConfig& input,
                                             const ModelConfig& model,
                                             TransformersLayout layout,
                                             bool top_level = true,
                                             bool attention_optional = false);

// The config codec of a Llama-family format whose options `family`
// returns:
//
//   const ConfigCodec kMistralConfig = LlamaFamilyCodec<&MistralFamily>();
template <const LlamaFamily& (*family)()>
ConfigCodec LlamaFamilyCodec() {
  return ConfigCodec{
      [](const JsonValue& config, absl::string_view path) {
        return ImportLlamaFamily(family(), ConfigReader(config, path));
      },
      [](const ModelConfig& written, const ModelConfig& resolved,
         TransformersLayout layout) {
        return ExportLlamaFamily(family(), written, resolved, layout);
      },
      [] { return LlamaFamilyClaims(family()); }};
}

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_HF_LLAMA_FAMILY_H_

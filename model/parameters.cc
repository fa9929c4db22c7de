#include "model/parameters.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "model/block_sequence.h"

namespace weightwalk {
namespace {

// A PyTorch module as far as naming goes: own parameters, then children,
// each in registration order.
class Module {
 public:
  void AddParameter(std::string name, std::vector<int64_t> shape) {
    parameters_.emplace_back(std::move(name), std::move(shape));
  }

  Module& AddChild(std::string name) {
    children_.emplace_back(std::move(name), std::make_unique<Module>());
    return *children_.back().second;
  }

  // Appends `named_parameters()` of this module, names prefixed by `prefix`.
  void NamedParameters(const std::string& prefix,
                       ParameterManifest* manifest) const {
    for (const auto& [name, shape] : parameters_) {
      Parameter* parameter = manifest->add_parameters();
      parameter->set_name(Join(prefix, name));
      for (int64_t dimension : shape) parameter->add_shape(dimension);
    }
    for (const auto& [name, child] : children_) {
      child->NamedParameters(Join(prefix, name), manifest);
    }
  }

 private:
  static std::string Join(const std::string& prefix, const std::string& name) {
    return prefix.empty() ? name : absl::StrCat(prefix, ".", name);
  }

  std::vector<std::pair<std::string, std::vector<int64_t>>> parameters_;
  std::vector<std::pair<std::string, std::unique_ptr<Module>>> children_;
};

// A normalization layer over `size` features, registered as `name`.
void AddNormalization(Module& parent, const std::string& name,
                      const NormalizationConfig& normalization, int64_t size) {
  Module& module = parent.AddChild(name);
  switch (normalization.type()) {
    case NormalizationConfig::LAYER_NORM:
      module.AddParameter("weight", {size});
      module.AddParameter("bias", {size});
      break;
    case NormalizationConfig::RMS_NORM:
    case NormalizationConfig::GATED_RMS_NORM:
      module.AddParameter("weight", {size});
      break;
    default:  // fixed_rms_norm and none have no parameters.
      break;
  }
}

// A linear layer `in -> out`. The weight is `[out, in]`, or `[in, out]` when
// `transposed`; the bias is `[out]`.
void AddLinear(Module& parent, const std::string& name, int64_t in, int64_t out,
               const AffineLinearConfig& layer, bool transposed = false) {
  Module& module = parent.AddChild(name);
  if (transposed) {
    module.AddParameter("weight", {in, out});
  } else {
    module.AddParameter("weight", {out, in});
  }
  if (layer.bias().enabled()) module.AddParameter("bias", {out});
}

// Fast-LLM's `Attention`: query, key_value, query/key/value norms, dense.
void AddAttention(Module& mixer, const AttentionConfig& attention,
                  int64_t hidden) {
  const int64_t query_size = attention.heads() * attention.head_size();
  const int64_t key_size = attention.head_groups() * attention.head_size();
  AddLinear(mixer, "query", hidden, query_size, attention.query_layer());
  // K then V in one layer; built from key_layer, so its bias follows
  // key_layer alone. With shared_key_value it holds K only.
  AddLinear(mixer, "key_value", hidden,
            attention.shared_key_value() ? key_size : 2 * key_size,
            attention.key_layer());
  if (attention.has_query_norm()) {
    AddNormalization(mixer, "query_norm", attention.query_norm(),
                     attention.head_size());
  }
  if (attention.has_key_norm()) {
    AddNormalization(mixer, "key_norm", attention.key_norm(),
                     attention.head_size());
  }
  if (attention.has_value_norm()) {
    AddNormalization(mixer, "value_norm", attention.value_norm(),
                     attention.head_size());
  }
  AddLinear(mixer, "dense", query_size, hidden, attention.dense_layer());
}

// Fast-LLM's `MLP`: pre_norm, post_norm, layer_1, layer_2 (transposed).
void AddMLP(Module& mlp_module, const MLPConfig& mlp, int64_t hidden) {
  if (mlp.has_pre_norm()) {
    AddNormalization(mlp_module, "pre_norm", mlp.pre_norm(), hidden);
  }
  if (mlp.has_post_norm()) {
    AddNormalization(mlp_module, "post_norm", mlp.post_norm(), hidden);
  }
  const int64_t intermediate = mlp.intermediate_size();
  AddLinear(mlp_module, "layer_1", hidden,
            mlp.gated() ? 2 * intermediate : intermediate, mlp.layer_1());
  AddLinear(mlp_module, "layer_2", intermediate, hidden, mlp.layer_2(),
            /*transposed=*/true);
}

// Fast-LLM's `DecoderBlock`.
void AddBlock(Module& block, const DecoderBlockConfig& config, int64_t hidden) {
  if (config.output_scale().enabled()) block.AddParameter("output_scale", {1});
  AddNormalization(block, "norm_1", config.pre_mixer_normalization(), hidden);
  AddNormalization(block, "norm_2", config.pre_mlp_normalization(), hidden);
  if (config.has_post_mixer_normalization()) {
    AddNormalization(block, "post_mixer_norm",
                     config.post_mixer_normalization(), hidden);
  }
  if (config.has_post_mlp_normalization()) {
    AddNormalization(block, "post_mlp_norm", config.post_mlp_normalization(),
                     hidden);
  }
  AddAttention(block.AddChild("mixer"), config.mixer().attention(), hidden);
  AddMLP(block.AddChild("mlp"), config.mlp(), hidden);
}

// Fast-LLM's `LanguageModelHead`: its own output weights, then final_norm.
void AddHead(Module& head, const ModelConfig& config) {
  const int64_t hidden = config.hidden_size();
  head.AddParameter("output_weights",
                    {config.embeddings().vocab_size(), hidden});
  AddNormalization(head, "final_norm", config.head().normalization(), hidden);
}

}  // namespace

absl::StatusOr<ParameterManifest> BuildParameterManifest(
    const ModelConfig& resolved, absl::string_view fixture) {
  const int64_t hidden = resolved.hidden_size();
  Module model;

  Module& embeddings = model.AddChild("embeddings");
  embeddings.AddParameter("word_embeddings_weight",
                          {resolved.embeddings().vocab_size(), hidden});
  if (resolved.embeddings().position_embeddings().enabled()) {
    embeddings.AddParameter(
        "position_embeddings_weight",
        {resolved.embeddings().num_position_embeddings(), hidden});
  }

  Module& decoder = model.AddChild("decoder");
  const std::vector<const DecoderBlockConfig*> blocks =
      ExpandBlocks(resolved.decoder());
  for (size_t i = 0; i < blocks.size(); ++i) {
    AddBlock(decoder.AddChild(absl::StrCat(i)), *blocks[i], hidden);
  }

  AddHead(model.AddChild("head"), resolved);

  // Multi-token prediction: one extra block and head per extra prediction.
  const int64_t extra_heads = resolved.head().prediction_heads() - 1;
  Module& prediction = model.AddChild("multi_token_prediction");
  Module& prediction_blocks = prediction.AddChild("blocks");
  Module& prediction_heads = prediction.AddChild("heads");
  if (extra_heads > 0 && blocks.empty()) {
    return absl::InvalidArgumentError(
        "head.prediction_heads: multi-token prediction needs at least one "
        "decoder block to copy");
  }
  for (int64_t j = 0; j < extra_heads; ++j) {
    AddBlock(prediction_blocks.AddChild(absl::StrCat(j)),
             LastBlockConfig(resolved.decoder()), hidden);
    AddHead(prediction_heads.AddChild(absl::StrCat(j)), resolved);
  }

  ParameterManifest manifest;
  manifest.set_fixture(std::string(fixture));
  model.NamedParameters("", &manifest);

  // Tied groups (GPTBaseModel.get_tied_parameters).
  std::vector<std::string> tied = {"head.output_weights"};
  for (int64_t j = 0; j < extra_heads; ++j) {
    tied.push_back(
        absl::StrCat("multi_token_prediction.heads.", j, ".output_weights"));
  }
  if (resolved.tied_embedding_weight()) {
    tied.insert(tied.begin(), "embeddings.word_embeddings_weight");
  }
  if (tied.size() > 1) {
    absl::flat_hash_map<std::string, Parameter*> by_name;
    for (Parameter& parameter : *manifest.mutable_parameters()) {
      by_name[parameter.name()] = &parameter;
    }
    for (const std::string& name : tied) {
      by_name.at(name)->set_tied_group(tied.front());
    }
  }
  return manifest;
}

}  // namespace weightwalk

#include "model/parameters.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "model/block_sequence.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

// A PyTorch module as far as naming goes: own parameters, then children,
// each in registration order. A counting module (see CountingModule) only
// counts the parameters registered anywhere below it.
class Module {
 public:
  virtual ~Module() = default;

  virtual void AddParameter(std::string name, std::vector<int64_t> shape) {
    parameters_.emplace_back(std::move(name), std::move(shape));
  }

  virtual Module& AddChild(std::string name) {
    children_.emplace_back(std::move(name), std::make_unique<Module>());
    return *children_.back().second;
  }

  // Whether this module only counts (CountingModule).
  virtual bool counting() const { return false; }

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

// Counts parameter names instead of building them: its children are
// itself. Saturates at kMaxModelNames + 1, so no count overflows.
class CountingModule : public Module {
 public:
  void AddParameter(std::string, std::vector<int64_t>) override { Add(1); }
  Module& AddChild(std::string) override { return *this; }
  bool counting() const override { return true; }

  void Add(int64_t names) {
    count_ = std::min(count_ + std::min(names, kMaxModelNames + 1),
                      kMaxModelNames + 1);
  }
  int64_t count() const { return count_; }

 private:
  int64_t count_ = 0;
};

// `times` x `names`, saturating as CountingModule does.
int64_t Times(int64_t times, int64_t names) {
  if (times == 0 || names == 0) return 0;
  return times > (kMaxModelNames + 1) / names ? kMaxModelNames + 1
                                              : times * names;
}

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
// `transposed`; the bias, `[out]`, exists when `bias`.
void AddLinear(Module& parent, const std::string& name, int64_t in, int64_t out,
               bool bias, bool transposed = false) {
  Module& module = parent.AddChild(name);
  if (transposed) {
    module.AddParameter("weight", {in, out});
  } else {
    module.AddParameter("weight", {out, in});
  }
  if (bias) module.AddParameter("bias", {out});
}

// A causal 1-D convolution over `channels`: `.weight [channels, 1, kernel]`.
void AddConvolution(Module& parent, const std::string& name, int64_t channels,
                    const ConvolutionConfig& convolution, bool default_bias) {
  Module& module = parent.AddChild(name);
  module.AddParameter("weight", {channels, 1, convolution.kernel_size()});
  if (EffectiveBias(convolution, default_bias)) {
    module.AddParameter("bias", {channels});
  }
}

// Fast-LLM's `Attention`: query, key_value, query/key/value norms, dense.
void AddAttention(Module& mixer, const AttentionConfig& attention,
                  int64_t hidden) {
  const int64_t query_size = attention.heads() * attention.head_size();
  const int64_t key_size = attention.head_groups() * attention.head_size();
  AddLinear(
      mixer, "query", hidden, query_size,
      EffectiveBias(attention.query_layer(), attention.add_linear_biases()));
  // K then V in one layer; built from key_layer, so its bias follows
  // key_layer alone. With shared_key_value it holds K only.
  AddLinear(
      mixer, "key_value", hidden,
      attention.shared_key_value() ? key_size : 2 * key_size,
      EffectiveBias(attention.key_layer(), attention.add_linear_biases()));
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
  AddLinear(
      mixer, "dense", query_size, hidden,
      EffectiveBias(attention.dense_layer(), attention.add_linear_biases()));
}

// Fast-LLM's `Mamba`: A_log and D (own), then convolution, in_proj (rows
// z, x, b, c), dt_in_proj, dt_proj, out_proj.
void AddMamba(Module& mixer, const MambaConfig& mamba, int64_t hidden) {
  const int64_t inner = mamba.d_inner();
  const int64_t xb = mamba.d_xb();
  mixer.AddParameter("A_log", {inner, mamba.state_size()});
  mixer.AddParameter("D", {inner});
  AddConvolution(mixer, "convolution",
                 mamba.repeat_kv_before_conv() ? inner : xb,
                 mamba.convolution_layer(), mamba.add_linear_biases());
  AddLinear(mixer, "in_proj", hidden, 2 * inner + 2 * xb,
            EffectiveBias(mamba.z_layer(), mamba.add_linear_biases()));
  AddLinear(mixer, "dt_in_proj", hidden, mamba.dt_rank(),
            EffectiveBias(mamba.dt_input_layer(), mamba.add_linear_biases()));
  AddLinear(mixer, "dt_proj", mamba.dt_rank(), inner,
            EffectiveBias(mamba.dt_layer(), mamba.add_linear_biases()));
  AddLinear(mixer, "out_proj", inner, hidden,
            EffectiveBias(mamba.output_layer(), mamba.add_linear_biases()));
}

// Fast-LLM's `GatedDeltaNet`: dt_bias and A_log (own), then in_proj_qkvz
// (rows q, k, v, z), in_proj_ba (beta, alpha), convolution, out_proj, norm.
void AddGatedDeltaNet(Module& mixer, const GatedDeltaNetConfig& gdn,
                      int64_t hidden) {
  const int64_t key = gdn.key_heads() * gdn.key_head_dim();
  const int64_t value = gdn.value_heads() * gdn.value_head_dim();
  mixer.AddParameter("dt_bias", {gdn.value_heads()});
  mixer.AddParameter("A_log", {gdn.value_heads()});
  AddLinear(mixer, "in_proj_qkvz", hidden, 2 * key + 2 * value,
            EffectiveBias(gdn.qkv_projection_layer(), false));
  AddLinear(mixer, "in_proj_ba", hidden, 2 * gdn.value_heads(),
            EffectiveBias(gdn.ba_projection_layer(), false));
  AddConvolution(mixer, "convolution", 2 * key + value, gdn.convolution_layer(),
                 false);
  AddLinear(mixer, "out_proj", value, hidden,
            EffectiveBias(gdn.output_layer(), false));
  AddNormalization(mixer, "norm", gdn.normalization(), gdn.value_head_dim());
}

// Fast-LLM's `KimiDeltaAttention`: dt_bias and A_log (own), then the q/k/v
// projections and convolutions, the f/g low-rank pairs, beta, o, norm.
void AddKimiDeltaAttention(Module& mixer, const KimiDeltaAttentionConfig& kda,
                           int64_t hidden) {
  const int64_t projection = kda.heads() * kda.head_dim();
  mixer.AddParameter("dt_bias", {projection});
  mixer.AddParameter("A_log", {kda.heads()});
  AddLinear(mixer, "q_proj", hidden, projection,
            EffectiveBias(kda.q_projection_layer(), false));
  AddLinear(mixer, "k_proj", hidden, projection,
            EffectiveBias(kda.k_projection_layer(), false));
  AddLinear(mixer, "v_proj", hidden, projection,
            EffectiveBias(kda.v_projection_layer(), false));
  AddConvolution(mixer, "q_conv", projection, kda.convolution_layer(), false);
  AddConvolution(mixer, "k_conv", projection, kda.convolution_layer(), false);
  AddConvolution(mixer, "v_conv", projection, kda.convolution_layer(), false);
  AddLinear(mixer, "f_a_proj", hidden, kda.head_dim(),
            EffectiveBias(kda.f_a_projection_layer(), false));
  AddLinear(mixer, "f_b_proj", kda.head_dim(), projection,
            EffectiveBias(kda.f_b_projection_layer(), false));
  AddLinear(mixer, "g_a_proj", hidden, kda.head_dim(),
            EffectiveBias(kda.g_a_projection_layer(), false));
  AddLinear(mixer, "g_b_proj", kda.head_dim(), projection,
            EffectiveBias(kda.g_b_projection_layer(), false));
  AddLinear(mixer, "beta_proj", hidden, kda.heads(),
            EffectiveBias(kda.beta_projection_layer(), false));
  AddLinear(mixer, "o_proj", projection, hidden,
            EffectiveBias(kda.output_projection_layer(), false));
  AddNormalization(mixer, "norm", kda.normalization(), kda.head_dim());
}

void AddMixer(Module& mixer, const MixerConfig& config, int64_t hidden) {
  switch (config.type_case()) {
    case MixerConfig::kMamba:
      AddMamba(mixer, config.mamba(), hidden);
      break;
    case MixerConfig::kGdn:
      AddGatedDeltaNet(mixer, config.gdn(), hidden);
      break;
    case MixerConfig::kKda:
      AddKimiDeltaAttention(mixer, config.kda(), hidden);
      break;
    case MixerConfig::kStochastic: {
      // A ModuleDict of every mixer, in order.
      Module& mixers = mixer.AddChild("mixers");
      for (const NamedMixer& entry : config.stochastic().mixers()) {
        AddMixer(mixers.AddChild(entry.name()), entry.mixer(), hidden);
      }
      break;
    }
    default:  // Resolution sets attention when the input left it unset.
      AddAttention(mixer, config.attention(), hidden);
      break;
  }
}

// Fast-LLM's `MLP` from `hidden` to `output` features: pre_norm, post_norm,
// layer_1, layer_2 (transposed). MoE layers hold every expert, expert-major,
// and add the router.
void AddMLP(Module& module, const MLPConfig& mlp, int64_t hidden,
            int64_t output) {
  if (mlp.type() == MLPConfig::HYBRID_MOE) {
    // HybridMoEMLP registers dense, routed, then its own norms.
    AddMLP(module.AddChild("dense"), mlp.dense(), hidden, output);
    AddMLP(module.AddChild("routed"), mlp.routed(), hidden, output);
    if (mlp.has_pre_norm()) {
      AddNormalization(module, "pre_norm", mlp.pre_norm(), hidden);
    }
    if (mlp.has_post_norm()) {
      AddNormalization(module, "post_norm", mlp.post_norm(), output);
    }
    return;
  }
  const bool moe = mlp.type() == MLPConfig::MOE;
  const int64_t experts = moe ? mlp.experts() : 1;
  if (moe && mlp.router_scale().enabled()) {
    module.AddParameter("router_scale", {hidden});
  }
  if (moe && mlp.router_per_expert_scale().enabled()) {
    module.AddParameter("router_per_expert_scale", {mlp.experts()});
  }
  if (mlp.has_pre_norm()) {
    AddNormalization(module, "pre_norm", mlp.pre_norm(), hidden);
  }
  if (mlp.has_post_norm()) {
    AddNormalization(module, "post_norm", mlp.post_norm(), output);
  }
  const int64_t intermediate = mlp.intermediate_size();
  AddLinear(module, "layer_1", hidden,
            experts * (mlp.gated() ? 2 * intermediate : intermediate),
            EffectiveBias(mlp.layer_1(), mlp.add_linear_biases()));
  AddLinear(module, "layer_2", experts * intermediate, output,
            EffectiveBias(mlp.layer_2(), mlp.add_linear_biases()),
            /*transposed=*/true);
  if (!moe) return;
  // The router is a LinearConfig: no bias, whatever add_linear_biases says.
  module.AddChild("router").AddParameter(
      "weight", {mlp.experts() - mlp.shared_experts(), hidden});
  if (mlp.has_router_normalization()) {
    AddNormalization(module, "router_normalization", mlp.router_normalization(),
                     hidden);
  }
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
  AddMixer(block.AddChild("mixer"), config.mixer(), hidden);
  AddMLP(block.AddChild("mlp"), config.mlp(), hidden, hidden);
}

// A block sequence: children 0..num_blocks-1. Counted, each distinct block
// is counted once and multiplied by how often the pattern repeats it, so a
// billion blocks take no time.
void AddBlockSequence(Module& sequence, const BlockSequenceConfig& config,
                      int64_t hidden) {
  if (sequence.counting()) {
    auto& counter = static_cast<CountingModule&>(sequence);
    const int64_t blocks = config.num_blocks();
    if (config.type() != BlockSequenceConfig::PATTERN) {
      CountingModule block;
      AddBlock(block, config.block(), hidden);
      counter.Add(Times(blocks, block.count()));
      return;
    }
    const int64_t period = config.pattern_size();
    for (int64_t i = 0; i < period && i < blocks; ++i) {
      const auto it = config.blocks().find(config.pattern(i));
      if (it == config.blocks().end()) continue;
      CountingModule block;
      AddBlock(block, it->second, hidden);
      counter.Add(Times(blocks / period + (i < blocks % period ? 1 : 0),
                        block.count()));
    }
    return;
  }
  const std::vector<const DecoderBlockConfig*> blocks = ExpandBlocks(config);
  for (size_t i = 0; i < blocks.size(); ++i) {
    AddBlock(sequence.AddChild(absl::StrCat(i)), *blocks[i], hidden);
  }
}

// Fast-LLM's `LanguageModelHead`: its own output weights, then final_norm.
void AddHead(Module& head, const ModelConfig& config) {
  const int64_t hidden = config.hidden_size();
  head.AddParameter("output_weights",
                    {config.embeddings().vocab_size(), hidden});
  AddNormalization(head, "final_norm", config.head().normalization(), hidden);
}

// Fast-LLM's `VisionEncoder`: patch embeddings, encoder blocks over the
// vision width, and the adapter into the text width.
void AddVisionEncoder(Module& encoder, const VisionEncoderConfig& vision,
                      int64_t hidden) {
  const int64_t vision_hidden = vision.hidden_size();
  const PatchEmbeddingsConfig& patches = vision.embeddings();
  Module& embeddings = encoder.AddChild("embeddings");
  constexpr int64_t kInputChannels = 3;
  AddLinear(embeddings, "patch_embeddings",
            kInputChannels * patches.patch_height() * patches.patch_width(),
            vision_hidden, EffectiveBias(patches.patch_embeddings(), false));
  AddNormalization(embeddings, "normalization", patches.normalization(),
                   vision_hidden);
  AddBlockSequence(encoder.AddChild("encoder"), vision.encoder(),
                   vision_hidden);
  AddMLP(encoder.AddChild("adapter"), vision.adapter(), vision_hidden, hidden);
}

// The whole model's tree (GPTBaseModel, or VisionMultiModalModel).
void AddModel(Module& model, const ModelConfig& resolved) {
  const int64_t hidden = resolved.hidden_size();

  Module& embeddings = model.AddChild("embeddings");
  embeddings.AddParameter("word_embeddings_weight",
                          {resolved.embeddings().vocab_size(), hidden});
  if (resolved.embeddings().position_embeddings().enabled()) {
    embeddings.AddParameter(
        "position_embeddings_weight",
        {resolved.embeddings().num_position_embeddings(), hidden});
  }

  AddBlockSequence(model.AddChild("decoder"), resolved.decoder(), hidden);

  AddHead(model.AddChild("head"), resolved);

  // Multi-token prediction: one extra block and head per extra prediction.
  const int64_t extra_heads = resolved.head().prediction_heads() - 1;
  Module& prediction = model.AddChild("multi_token_prediction");
  Module& prediction_blocks = prediction.AddChild("blocks");
  Module& prediction_heads = prediction.AddChild("heads");
  if (model.counting() && extra_heads > 0) {
    CountingModule one;
    AddBlock(one, LastBlockConfig(resolved.decoder()), hidden);
    AddHead(one, resolved);
    static_cast<CountingModule&>(model).Add(Times(extra_heads, one.count()));
  }
  for (int64_t j = 0; !model.counting() && j < extra_heads; ++j) {
    AddBlock(prediction_blocks.AddChild(absl::StrCat(j)),
             LastBlockConfig(resolved.decoder()), hidden);
    AddHead(prediction_heads.AddChild(absl::StrCat(j)), resolved);
  }

  // Registered last, although it runs first (VisionMultiModalModel).
  if (resolved.has_vision_encoder()) {
    AddVisionEncoder(model.AddChild("vision_encoder"),
                     resolved.vision_encoder(), hidden);
  }
}

}  // namespace

int64_t CountParameterNames(const ModelConfig& resolved) {
  CountingModule model;
  AddModel(model, resolved);
  return model.count();
}

absl::StatusOr<ParameterManifest> BuildParameterManifest(
    const ModelConfig& resolved, absl::string_view fixture) {
  // Counted before anything is built: the config may come from a stranger.
  const int64_t names = CountParameterNames(resolved);
  if (names > kMaxModelNames) {
    return absl::InvalidArgumentError(
        absl::StrCat("the model would have more than ", kMaxModelNames,
                     " parameter names, weightwalk's limit"));
  }
  Module model;
  AddModel(model, resolved);
  const int64_t extra_heads = resolved.head().prediction_heads() - 1;

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

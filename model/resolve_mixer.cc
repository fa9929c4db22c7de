// Resolving a mixer in place (ResolveModelConfig, resolve.h): attention
// with its rotary embedding, Mamba, gated delta net, Kimi delta attention,
// and stochastic mixers of any of them.
#include <algorithm>
#include <cmath>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "model/resolve_internal.h"

namespace weightwalk {
namespace resolve_internal {
namespace {

absl::Status ResolveRotary(const std::string& path, RotaryConfig* rotary) {
  if (rotary->type() == RotaryConfig::TYPE_UNSPECIFIED) {
    rotary->set_type(RotaryConfig::NONE);
  }
  if (rotary->type() == RotaryConfig::NONE) {
    if (rotary->has_theta()) {
      return NotAField(Join(path, "theta"), "rotary", "none");
    }
    return absl::OkStatus();
  }
  if (rotary->has_partial_rotary_factor() &&
      rotary->type() != RotaryConfig::PROPORTIONAL) {
    return NotAField(Join(path, "partial_rotary_factor"), "rotary",
                     FastLlmName(RotaryConfig::Type_Name(rotary->type())));
  }
  if (rotary->type() == RotaryConfig::PROPORTIONAL) {
    if (!rotary->has_partial_rotary_factor()) {
      rotary->set_partial_rotary_factor(1.0);
    }
    if (!(rotary->partial_rotary_factor() > 0 &&
          rotary->partial_rotary_factor() <= 1)) {
      return Invalid(Join(path, "partial_rotary_factor"),
                     absl::StrCat("must be in (0, 1], got ",
                                  rotary->partial_rotary_factor()));
    }
  }
  const bool llama3 = rotary->type() == RotaryConfig::LLAMA3;
  const bool yarn = rotary->type() == RotaryConfig::YARN;
  const struct {
    bool present;
    bool allowed;
    const char* name;
  } fields[] = {
      {rotary->has_scale_factor(), llama3 || yarn, "scale_factor"},
      {rotary->has_original_context_length(), llama3 || yarn,
       "original_context_length"},
      {rotary->has_low_frequency_factor(), llama3, "low_frequency_factor"},
      {rotary->has_high_frequency_factor(), llama3, "high_frequency_factor"},
      {rotary->has_attention_factor(), yarn, "attention_factor"},
      {rotary->has_beta_fast(), yarn, "beta_fast"},
      {rotary->has_beta_slow(), yarn, "beta_slow"},
  };
  for (const auto& field : fields) {
    if (field.present && !field.allowed) {
      return NotAField(Join(path, field.name), "rotary",
                       FastLlmName(RotaryConfig::Type_Name(rotary->type())));
    }
  }
  if (llama3 || yarn) {
    if (!rotary->has_scale_factor()) rotary->set_scale_factor(8.0);
    if (!rotary->has_original_context_length()) {
      rotary->set_original_context_length(8192);
    }
  }
  if (llama3) {
    if (!rotary->has_low_frequency_factor())
      rotary->set_low_frequency_factor(1.0);
    if (!rotary->has_high_frequency_factor()) {
      rotary->set_high_frequency_factor(4.0);
    }
    if (!(rotary->high_frequency_factor() > rotary->low_frequency_factor())) {
      return Invalid(Join(path, "high_frequency_factor"),
                     "must be greater than low_frequency_factor");
    }
  }
  if (yarn) {
    if (!rotary->has_beta_fast()) rotary->set_beta_fast(32.0);
    if (!rotary->has_beta_slow()) rotary->set_beta_slow(1.0);
    // YarnRotaryConfig._validate: unset (or null) is derived from the scale.
    if (!rotary->has_attention_factor()) {
      rotary->set_attention_factor(0.1 * std::log(rotary->scale_factor()) +
                                   1.0);
    }
  }
  if (!rotary->has_theta()) rotary->set_theta(kDefaultRotaryTheta);
  if (!(rotary->theta() > 0)) {
    return Invalid(Join(path, "theta"),
                   absl::StrCat("must be positive, got ", rotary->theta()));
  }
  return absl::OkStatus();
}

absl::Status ResolveAttention(const std::string& path,
                              AttentionConfig* attention) {
  if (!attention->has_heads()) attention->set_heads(kDefaultHeads);
  if (!attention->has_head_groups()) {
    attention->set_head_groups(kDefaultHeadGroups);
  }
  if (!attention->has_head_size()) attention->set_head_size(kDefaultHeadSize);
  RETURN_IF_ERROR(RequirePositive(Join(path, "heads"), attention->heads()));
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "head_groups"), attention->head_groups()));
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "head_size"), attention->head_size()));
  if (attention->heads() % attention->head_groups() != 0) {
    return Invalid(Join(path, "head_groups"),
                   absl::StrCat("heads (", attention->heads(),
                                ") must be divisible by head_groups (",
                                attention->head_groups(), ")"));
  }
  if (!attention->has_add_linear_biases()) {
    attention->set_add_linear_biases(true);
  }
  RETURN_IF_ERROR(
      ResolveRotary(Join(path, "rotary"), attention->mutable_rotary()));
  if (!attention->has_causal()) attention->set_causal(true);
  if (attention->has_window_size()) {
    RETURN_IF_ERROR(
        RequirePositive(Join(path, "window_size"), attention->window_size()));
  }
  if (!attention->has_softmax_scale_power()) {
    attention->set_softmax_scale_power(kDefaultSoftmaxScalePower);
  }
  if (attention->has_query_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "query_norm"),
                                         attention->mutable_query_norm()));
  }
  if (attention->has_key_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "key_norm"),
                                         attention->mutable_key_norm()));
  }
  if (attention->has_value_norm()) {
    RETURN_IF_ERROR(ResolveNormalization(Join(path, "value_norm"),
                                         attention->mutable_value_norm()));
  }
  if (!attention->has_shared_key_value()) {
    attention->set_shared_key_value(false);
  }
  return absl::OkStatus();
}

absl::Status ResolveMamba(const std::string& path, MambaConfig* mamba) {
  if (!mamba->has_d_inner()) mamba->set_d_inner(kDefaultMambaInner);
  if (!mamba->has_d_xb()) mamba->set_d_xb(kDefaultMambaXb);
  if (!mamba->has_state_size()) mamba->set_state_size(kDefaultMambaStateSize);
  if (!mamba->has_dt_rank()) mamba->set_dt_rank(kDefaultMambaDtRank);
  RETURN_IF_ERROR(RequirePositive(Join(path, "d_inner"), mamba->d_inner()));
  RETURN_IF_ERROR(RequirePositive(Join(path, "d_xb"), mamba->d_xb()));
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "state_size"), mamba->state_size()));
  RETURN_IF_ERROR(RequirePositive(Join(path, "dt_rank"), mamba->dt_rank()));
  RETURN_IF_ERROR(RequireMultiple(Join(path, "d_inner"), "d_inner",
                                  mamba->d_inner(), "state_size",
                                  mamba->state_size()));
  RETURN_IF_ERROR(RequireMultiple(Join(path, "d_xb"), "d_xb", mamba->d_xb(),
                                  "state_size", mamba->state_size()));
  // Heads (d_inner / state_size) come in groups (d_xb / state_size).
  RETURN_IF_ERROR(RequireMultiple(Join(path, "d_xb"), "d_inner",
                                  mamba->d_inner(), "d_xb", mamba->d_xb()));
  if (!mamba->has_add_linear_biases()) mamba->set_add_linear_biases(true);
  if (!mamba->has_repeat_kv_before_conv()) {
    mamba->set_repeat_kv_before_conv(true);
  }
  return ResolveConvolution(Join(path, "convolution_layer"),
                            mamba->mutable_convolution_layer());
}

absl::Status ResolveGatedDeltaNet(const std::string& path,
                                  GatedDeltaNetConfig* gdn) {
  if (!gdn->has_value_heads()) gdn->set_value_heads(kDefaultGdnValueHeads);
  if (!gdn->has_key_heads()) gdn->set_key_heads(kDefaultGdnKeyHeads);
  if (!gdn->has_key_head_dim()) gdn->set_key_head_dim(kDefaultGdnHeadDim);
  if (!gdn->has_value_head_dim()) gdn->set_value_head_dim(kDefaultGdnHeadDim);
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "value_heads"), gdn->value_heads()));
  RETURN_IF_ERROR(RequirePositive(Join(path, "key_heads"), gdn->key_heads()));
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "key_head_dim"), gdn->key_head_dim()));
  RETURN_IF_ERROR(
      RequirePositive(Join(path, "value_head_dim"), gdn->value_head_dim()));
  RETURN_IF_ERROR(RequireMultiple(Join(path, "value_heads"), "value_heads",
                                  gdn->value_heads(), "key_heads",
                                  gdn->key_heads()));
  // GatedDeltaNet.__init__ puts the key heads' dim on the tensor-parallel
  // dim only when there are several, then concatenates it with the value
  // heads' dim, which must be on the same one: one key head with several
  // value heads fails to build, even on one GPU.
  if (gdn->key_heads() == 1 && gdn->value_heads() > 1) {
    return Invalid(Join(path, "key_heads"),
                   absl::StrCat("Fast-LLM cannot build a gated delta net with "
                                "one key head and ",
                                gdn->value_heads(),
                                " value heads (its tensor dims disagree); "
                                "use as many key heads as value heads, or "
                                "more than one"));
  }
  RETURN_IF_ERROR(ResolveConvolution(Join(path, "convolution_layer"),
                                     gdn->mutable_convolution_layer()));
  return ResolveGatedNormalization(Join(path, "normalization"),
                                   gdn->mutable_normalization());
}

absl::Status ResolveKimiDeltaAttention(const std::string& path,
                                       KimiDeltaAttentionConfig* kda) {
  if (!kda->has_heads()) kda->set_heads(kDefaultKdaHeads);
  if (!kda->has_head_dim()) kda->set_head_dim(kDefaultKdaHeadDim);
  RETURN_IF_ERROR(RequirePositive(Join(path, "heads"), kda->heads()));
  RETURN_IF_ERROR(RequirePositive(Join(path, "head_dim"), kda->head_dim()));
  RETURN_IF_ERROR(ResolveConvolution(Join(path, "convolution_layer"),
                                     kda->mutable_convolution_layer()));
  return ResolveGatedNormalization(Join(path, "normalization"),
                                   kda->mutable_normalization());
}

// StochasticMixerConfig._validate and StochasticMixer.__init__: weights
// name exactly the mixers, are non-negative with a positive sum, are not
// given for full_layout, and are required for weighted sampling.
absl::Status ResolveSamplingWeights(
    const std::string& path, const absl::flat_hash_set<std::string>& names,
    const StochasticMixerConfig& stochastic) {
  const std::string weights_path = Join(path, "sampling_weights");
  const auto& weights = stochastic.sampling_weights();
  if (stochastic.sampling_strategy() == StochasticMixerConfig::FULL_LAYOUT &&
      !weights.empty()) {
    return Invalid(weights_path,
                   "not compatible with the full_layout sampling strategy");
  }
  if (stochastic.sampling_strategy() == StochasticMixerConfig::WEIGHTED &&
      weights.empty()) {
    return Invalid(weights_path,
                   "must be given for the weighted sampling strategy "
                   "(Fast-LLM cannot build the model without them)");
  }
  if (weights.empty()) return absl::OkStatus();
  double sum = 0;
  for (const auto& [name, weight] : weights) {
    if (!names.contains(name)) {
      return Invalid(weights_path,
                     absl::StrCat("'", name, "' is not one of the mixers"));
    }
    if (!(weight >= 0)) {
      return Invalid(Join(weights_path, name),
                     absl::StrCat("must be non-negative, got ", weight));
    }
    sum += weight;
  }
  if (weights.size() != names.size()) {
    return Invalid(weights_path, "must give a weight to every mixer");
  }
  if (!(sum > 0)) return Invalid(weights_path, "must have a positive sum");
  return absl::OkStatus();
}

absl::Status ResolveStochasticMixer(const std::string& path,
                                    StochasticMixerConfig* stochastic) {
  if (stochastic->mixers().empty()) {
    return Invalid(Join(path, "mixers"), "a stochastic mixer needs mixers");
  }
  absl::flat_hash_set<std::string> names;
  for (NamedMixer& entry : *stochastic->mutable_mixers()) {
    const std::string entry_path = Join(Join(path, "mixers"), entry.name());
    if (entry.name().empty()) {
      return Invalid(Join(path, "mixers"), "every mixer needs a name");
    }
    if (!names.insert(entry.name()).second) {
      return Invalid(entry_path, "mixer name used twice");
    }
    RETURN_IF_ERROR(ResolveMixer(entry_path, entry.mutable_mixer()));
  }
  // Fast-LLM validates a dict field into a dict sorted by key
  // (fast_llm/config.py, _validate_dict), so its ModuleDict and its
  // converters take the mixers in name order. Python compares strings by
  // code point, as comparing their UTF-8 bytes does.
  std::stable_sort(stochastic->mutable_mixers()->begin(),
                   stochastic->mutable_mixers()->end(),
                   [](const NamedMixer& a, const NamedMixer& b) {
                     return a.name() < b.name();
                   });
  if (!stochastic->has_main_mixer_name()) {
    stochastic->set_main_mixer_name(stochastic->mixers(0).name());
  }
  if (!names.contains(stochastic->main_mixer_name())) {
    return Invalid(Join(path, "main_mixer_name"),
                   absl::StrCat("'", stochastic->main_mixer_name(),
                                "' is not one of the mixers"));
  }
  if (stochastic->sampling_strategy() ==
      StochasticMixerConfig::SAMPLING_STRATEGY_UNSPECIFIED) {
    stochastic->set_sampling_strategy(StochasticMixerConfig::UNIFORM);
  }
  return ResolveSamplingWeights(path, names, *stochastic);
}

}  // namespace

absl::Status ResolveMixer(const std::string& path, MixerConfig* mixer) {
  switch (mixer->type_case()) {
    case MixerConfig::TYPE_NOT_SET:
      // Fast-LLM's default mixer type.
      return ResolveAttention(path, mixer->mutable_attention());
    case MixerConfig::kAttention:
      return ResolveAttention(path, mixer->mutable_attention());
    case MixerConfig::kMamba:
      return ResolveMamba(path, mixer->mutable_mamba());
    case MixerConfig::kGdn:
      return ResolveGatedDeltaNet(path, mixer->mutable_gdn());
    case MixerConfig::kKda:
      return ResolveKimiDeltaAttention(path, mixer->mutable_kda());
    case MixerConfig::kStochastic:
      return ResolveStochasticMixer(path, mixer->mutable_stochastic());
  }
  return Invalid(path, "unknown mixer type");
}

}  // namespace resolve_internal
}  // namespace weightwalk

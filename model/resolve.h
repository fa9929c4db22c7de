// Resolution: from a ModelConfig as written to the config Fast-LLM would
// build.
//
// Fast-LLM fills every field that a config leaves unset with its default,
// and several defaults depend on other fields (a layer's bias follows its
// owner's `add_linear_biases`; `norm_1` follows `normalization`; an MLP's
// activation follows `gated`). ResolveModelConfig applies all of these and
// returns a *new* ModelConfig in which every field that decides a parameter
// is present, so the parameter builder and the converters read effective
// values and never re-implement a default.
//
// In the resolved config:
//   * every scalar with a default is set;
//   * `pre_mixer_normalization` and `pre_mlp_normalization` hold the
//     effective `norm_1` and `norm_2` configs;
//   * every mixer has its oneof set (attention when the input left it unset).
//
// A layer's `bias.enabled` stays as written, as in Fast-LLM, where it is
// None unless set and each layer has its own default (its owner's
// `add_linear_biases`, or false for GDN, KDA and patch embeddings): the
// model and the converters both ask EffectiveBias, and a converter that
// reads only the explicit flag (Apriel2's Mamba dt_proj) can tell.
//
// Resolution is pure: it never changes its input, and a sub-config used in
// two places resolves the same in both. Invalid values and fields that the
// selected type does not have are InvalidArgumentError with the Fast-LLM
// config path of the offending field, e.g.
//   "decoder.block.mixer.heads: must be positive, got 0".
#ifndef WEIGHTWALK_MODEL_RESOLVE_H_
#define WEIGHTWALK_MODEL_RESOLVE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// weightwalk's limits on a model, checked last by ResolveModelConfig (and
// by config.json import as it reads). They are far above any real model,
// and keep arbitrary input from overflowing int64 shape arithmetic (a
// product of two sizes always fits) or exhausting memory:
//   * every integer field (a size, a count, an index) is at most
//     kMaxModelInteger;
//   * the checkpoint names the model would have, estimated from above as
//     (decoder blocks + prediction heads + vision blocks) x
//     (32 + 4 x the most experts in any block), are at most
//     kMaxModelNames. Fast-LLM stores a block's experts as one stacked
//     parameter, and a checkpoint as one tensor per expert, so only this
//     estimate bounds them: 1,000 blocks x 256 experts is about 1.06
//     million, 10 times a model of 61 layers x 384 experts (as large as
//     released mixtures of experts go).
// BuildParameterManifest also counts the model's parameter names exactly
// (stochastic mixers are not in the estimate) against kMaxModelNames.
inline constexpr int64_t kMaxModelInteger = int64_t{1} << 30;
inline constexpr int64_t kMaxModelNames = 1'200'000;

absl::StatusOr<ModelConfig> ResolveModelConfig(const ModelConfig& config);

// Whether a layer has a bias: its own `bias.enabled` when set, otherwise
// `default_enabled` (Fast-LLM's `default_add_bias` for that layer).
bool EffectiveBias(const AffineLinearConfig& layer, bool default_enabled);
bool EffectiveBias(const ConvolutionConfig& layer, bool default_enabled);

}  // namespace weightwalk

#endif  // WEIGHTWALK_MODEL_RESOLVE_H_

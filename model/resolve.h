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
//   * every linear layer's `bias.enabled` is set;
//   * every mixer has its oneof set (attention when the input left it unset).
//
// Resolution is pure: it never changes its input, and a sub-config used in
// two places resolves the same in both. Invalid values and fields that the
// selected type does not have are InvalidArgumentError with the Fast-LLM
// config path of the offending field, e.g.
//   "decoder.block.mixer.heads: must be positive, got 0".
#ifndef WEIGHTWALK_MODEL_RESOLVE_H_
#define WEIGHTWALK_MODEL_RESOLVE_H_

#include "absl/status/statusor.h"
#include "model/model_config.pb.h"

namespace weightwalk {

absl::StatusOr<ModelConfig> ResolveModelConfig(const ModelConfig& config);

}  // namespace weightwalk

#endif  // WEIGHTWALK_MODEL_RESOLVE_H_

// The parameter manifest: the names and shapes Fast-LLM's
// `named_parameters()` yields for a model, and its tied groups.
//
// The model is built as a tree of modules that mirrors Fast-LLM's PyTorch
// modules: each module registers its own parameters and then its children,
// in the same order as Fast-LLM's constructors. Names and order then follow
// from PyTorch's rule (a module's own parameters first, in registration
// order, then each child's, recursively), so e.g. `head.output_weights`
// precedes `head.final_norm.weight` without special-casing it.
//
//   ASSIGN_OR_RETURN(ModelConfig resolved, ResolveModelConfig(config));
//   ASSIGN_OR_RETURN(ParameterManifest manifest,
//                    BuildParameterManifest(resolved, "llama"));
//
// Shapes are as Fast-LLM stores them: `[out, in]` for linear weights,
// `[in, out]` for the transposed MLP `layer_2`.
//
// Tied groups follow `GPTBaseModel.get_tied_parameters`: the list
// `[head.output_weights, multi_token_prediction.heads.{j}.output_weights...]`
// with `embeddings.word_embeddings_weight` in front when
// `tied_embedding_weight` is set; a list of two or more is one group, named
// by its first member (the main copy).
#ifndef WEIGHTWALK_MODEL_PARAMETERS_H_
#define WEIGHTWALK_MODEL_PARAMETERS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/model_config.pb.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {

// How many parameter names a *resolved* config's model has, or
// kMaxModelNames (model/resolve.h) + 1 when it has more; it builds
// nothing, so a billion blocks take no time.
int64_t CountParameterNames(const ModelConfig& resolved);

// Builds the manifest of a *resolved* config (model/resolve.h); a model of
// more than kMaxModelNames names is InvalidArgumentError. `fixture` is
// recorded in the manifest.
absl::StatusOr<ParameterManifest> BuildParameterManifest(
    const ModelConfig& resolved, absl::string_view fixture);

}  // namespace weightwalk

#endif  // WEIGHTWALK_MODEL_PARAMETERS_H_

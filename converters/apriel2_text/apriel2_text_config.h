// The apriel2_text format's config.json (spec §3.8): nested and typed.
//
//   {hidden_size, tie_word_embeddings, vocab_size,
//    decoder: {type: "fixed", num_blocks, block: B}
//           | {type: "pattern", num_blocks, pattern: [...], blocks: {name: B}},
//    head: {normalization: {type: "rms_norm", epsilon}}}
//   B = {mixer: {type: attention|mamba|gdn|kda|stochastic, ...},
//        mlp: {type: "mlp", intermediate_size, gated, add_linear_biases,
//              activation, [layer_1|layer_2: {bias: {enabled}}]},
//        normalization: {type: rms_norm|layer_norm|none, epsilon}}
//
// Coverage claims follow Fast-LLM, which claims a typed section's keys
// through its dispatch: the decoder's `block` and `blocks` and the head's
// `normalization` are claimed whole here (Fast-LLM's dispatch over-claims
// every registered mixer's keys), and unknown keys inside a block are
// rejected by the import itself.
#ifndef WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_TEXT_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_TEXT_CONFIG_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "base/json_writer.h"
#include "converters/format.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// The HF paths the format claims (prefixes).
std::set<std::string> Apriel2TextClaims();

// config.json (the object `config`, read from `path`) -> model config.
absl::StatusOr<ModelConfig> ImportApriel2Text(const JsonValue& config,
                                              absl::string_view path);

// Model config (as written, and resolved) -> the config.json object,
// failing with the field when the format cannot express the model.
absl::StatusOr<JsonObject> ExportApriel2Text(const ModelConfig& input,
                                             const ModelConfig& resolved);

extern const ConfigCodec kApriel2TextConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_TEXT_CONFIG_H_

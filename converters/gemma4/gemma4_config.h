// The `gemma4` format's config.json (spec §3.9; Fast-LLM's
// gpt/conversion/gemma4.py): a flat Gemma4TextConfig (model_type
// `gemma4_text`) over a pattern decoder whose blocks are exactly
// `sliding_attention` and `full_attention`. The two blocks share every key
// but the attention's: `head_dim` / `global_head_dim`, `num_key_value_heads`
// / `num_global_key_value_heads`, `sliding_window`, `attention_k_eq_v` and
// the two entries of `rope_parameters`.
#ifndef WEIGHTWALK_CONVERTERS_GEMMA4_GEMMA4_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_GEMMA4_GEMMA4_CONFIG_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "base/json_writer.h"
#include "converters/format.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// The HF keys the format claims (hf-config-coverage.md §4.5).
std::set<std::string> Gemma4Claims();

// config.json (the object `config`, read from `path`) -> model config.
absl::StatusOr<ModelConfig> ImportGemma4(const JsonValue& config,
                                         absl::string_view path);

// Resolved model config -> the config.json object, failing with the field
// when the format cannot express the model.
// `written` is the model as given, for the fields whose presence matters.
absl::StatusOr<JsonObject> ExportGemma4(const ModelConfig& written,
                                        const ModelConfig& resolved);

extern const ConfigCodec kGemma4Config;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_GEMMA4_GEMMA4_CONFIG_H_

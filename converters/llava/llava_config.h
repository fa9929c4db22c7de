// The llava format's config.json (spec §3.10; Fast-LLM's llava.py): a
// language model's config under `text_config` (Mistral's; Apriel's hybrid
// for llava_hybrid_ssm), a Pixtral vision encoder under `vision_config`,
// and the adapter and multimodal keys at the top.
#ifndef WEIGHTWALK_CONVERTERS_LLAVA_LLAVA_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_LLAVA_LLAVA_CONFIG_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json_writer.h"
#include "converters/format.h"
#include "converters/hf/config_reader.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// The format a Llava config is, and how it reads and writes its language
// model (`text_config`).
struct LlavaLanguageModel {
  absl::string_view format;
  absl::string_view architecture;
  absl::StatusOr<ModelConfig> (*import_config)(const ConfigReader& text,
                                               absl::string_view path);
  // Without `architectures`: text_config has only model_type.
  absl::StatusOr<JsonObject> (*export_config)(const ModelConfig& written,
                                              const ModelConfig& resolved,
                                              TransformersLayout layout);
};

// text_config is claimed whole, vision_config key by key, the adapter and
// multimodal keys at the top (hf-config-coverage.md §4.5).
std::set<std::string> LlavaClaims();

absl::StatusOr<ModelConfig> ImportLlava(const ConfigReader& reader,
                                        absl::string_view path,
                                        const LlavaLanguageModel& text_model);

absl::StatusOr<JsonObject> ExportLlava(const ModelConfig& input,
                                       const ModelConfig& model,
                                       TransformersLayout layout,
                                       const LlavaLanguageModel& text_model);

extern const ConfigCodec kLlavaConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_LLAVA_LLAVA_CONFIG_H_

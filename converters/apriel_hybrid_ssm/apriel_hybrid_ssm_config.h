// The apriel_hybrid_ssm format's config.json (spec §3.7; Fast-LLM's
// gpt/conversion/apriel.py): a Mistral config whose `hybrid_block_layout`
// names each layer's mixer ("t" attention, "m2" Mamba, "gdn" GatedDeltaNet).
// Every block shares the Mistral MLP and norm keys; Mamba reads `ssm_cfg`,
// GDN `linear_attn_config`. It is also llava_hybrid_ssm's language model.
#ifndef WEIGHTWALK_CONVERTERS_APRIEL_HYBRID_SSM_APRIEL_HYBRID_SSM_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_APRIEL_HYBRID_SSM_APRIEL_HYBRID_SSM_CONFIG_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json_writer.h"
#include "converters/format.h"
#include "converters/hf/config_reader.h"
#include "model/model_config.pb.h"

namespace weightwalk {

std::set<std::string> AprielHybridClaims();

absl::StatusOr<ModelConfig> ImportAprielHybrid(const ConfigReader& reader,
                                               absl::string_view path);

// `top_level` adds `architectures` (a Llava text_config has none).
absl::StatusOr<JsonObject> ExportAprielHybrid(const ModelConfig& input,
                                              const ModelConfig& model,
                                              TransformersLayout layout,
                                              bool top_level = true);

extern const ConfigCodec kAprielHybridSsmConfig;

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_APRIEL_HYBRID_SSM_APRIEL_HYBRID_SSM_CONFIG_H_

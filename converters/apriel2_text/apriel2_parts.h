// The pieces of the Apriel2 config.json both Apriel2 formats use
// (apriel2_text's, and apriel2's, which adds a vision encoder): typed
// sections, normalizations, layer biases and mixers, read strictly (a key
// a section's converter does not read is an error) and written back.
#ifndef WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_PARTS_H_
#define WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_PARTS_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "base/json_writer.h"
#include "converters/hf/config_reader.h"
#include "model/model_config.pb.h"

namespace weightwalk {
namespace apriel2 {

// Fails export: the model has `field` set in a way the format cannot write.
absl::Status CannotExport(absl::string_view field, absl::string_view problem);

// Rejects keys of a typed section that its converter does not read.
absl::Status OnlyKeys(const ConfigReader& reader, const JsonValue& section,
                      absl::string_view what,
                      std::initializer_list<absl::string_view> keys);

absl::StatusOr<const JsonValue*> Object(const ConfigReader& reader,
                                        absl::string_view key, bool required);

absl::StatusOr<std::string> Type(const ConfigReader& reader);

// {layer: {bias: {enabled}}} for the named layers.
absl::Status ImportLayerBiases(
    const ConfigReader& reader,
    std::initializer_list<std::pair<const char*, AffineLinearConfig*>> layers);

void ExportLayerBiases(
    JsonObject& out,
    std::initializer_list<std::pair<const char*, const AffineLinearConfig*>>
        layers);

absl::StatusOr<NormalizationConfig> ImportNormalization(
    const ConfigReader& reader);

JsonObject ExportNormalization(const NormalizationConfig& normalization);

// A mixer section: attention, mamba, gdn, kda, or (when
// `stochastic_allowed`) stochastic of those.
absl::StatusOr<MixerConfig> ImportMixer(const ConfigReader& reader,
                                        bool stochastic_allowed,
                                        absl::string_view path);

absl::StatusOr<JsonObject> ExportMixer(const MixerConfig& mixer,
                                       const MixerConfig& written,
                                       const std::string& field);

}  // namespace apriel2
}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_APRIEL2_TEXT_APRIEL2_PARTS_H_

#include "converters/apriel2_text/apriel2_parts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace weightwalk {
namespace apriel2 {

absl::Status CannotExport(absl::string_view field, absl::string_view problem) {
  return weightwalk::CannotExport("apriel2_text", field, problem);
}

// Rejects keys of a typed section that its converter does not read.
absl::Status OnlyKeys(const ConfigReader& reader, const JsonValue& section,
                      absl::string_view what,
                      std::initializer_list<absl::string_view> keys) {
  for (const auto& [key, value] : section.members()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return reader.Error(value,
                          absl::StrCat("unknown key \"", key, "\" in ", what,
                                       "; it has ", absl::StrJoin(keys, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<const JsonValue*> Object(const ConfigReader& reader,
                                        absl::string_view key, bool required) {
  const JsonValue* value = reader.Get(key);
  if (value == nullptr) {
    if (required) {
      return reader.Error(reader.config(),
                          absl::StrCat("missing \"", key, "\""));
    }
    return nullptr;
  }
  if (!value->is_object()) {
    return reader.Error(*value,
                        absl::StrCat("\"", key, "\" must be an object"));
  }
  return value;
}

absl::StatusOr<std::string> Type(const ConfigReader& reader) {
  const JsonValue* type = reader.Get("type");
  if (type == nullptr || !type->is_string()) {
    return reader.Error(type ? *type : reader.config(),
                        "needs a string \"type\"");
  }
  return type->text();
}

// {layer: {bias: {enabled}}} for the named layers.
absl::Status ImportLayerBiases(
    const ConfigReader& reader,
    std::initializer_list<std::pair<const char*, AffineLinearConfig*>> layers) {
  for (const auto& [name, layer] : layers) {
    ASSIGN_OR_RETURN(const JsonValue* entry, Object(reader, name, false));
    if (entry == nullptr) continue;
    const JsonValue* bias = entry->Find("bias");
    const JsonValue* enabled =
        bias && bias->is_object() ? bias->Find("enabled") : nullptr;
    if (enabled == nullptr || !enabled->is_bool()) {
      return reader.Error(
          *entry, absl::StrCat("\"", name,
                               "\" must be {\"bias\": {\"enabled\": bool}}"));
    }
    layer->mutable_bias()->set_enabled(enabled->boolean());
  }
  return absl::OkStatus();
}

void ExportLayerBiases(
    JsonObject& out,
    std::initializer_list<std::pair<const char*, const AffineLinearConfig*>>
        layers) {
  for (const auto& [name, layer] : layers) {
    if (!layer->bias().has_enabled()) continue;
    JsonObject enabled, bias;
    enabled.Set("enabled", layer->bias().enabled());
    bias.Set("bias", enabled);
    out.Set(name, bias);
  }
}

absl::StatusOr<NormalizationConfig> ImportNormalization(
    const ConfigReader& reader) {
  ASSIGN_OR_RETURN(const std::string type, Type(reader));
  NormalizationConfig normalization;
  if (type == "none") {
    normalization.set_type(NormalizationConfig::NONE);
    RETURN_IF_ERROR(
        OnlyKeys(reader, reader.config(), "a none normalization", {"type"}));
    return normalization;
  }
  if (type != "rms_norm" && type != "layer_norm") {
    return reader.Error(
        *reader.Get("type"),
        absl::StrCat("unknown normalization type \"", type,
                     "\"; apriel2 has rms_norm, layer_norm, none"));
  }
  RETURN_IF_ERROR(OnlyKeys(reader, reader.config(), "a normalization",
                           {"type", "epsilon"}));
  normalization.set_type(type == "rms_norm" ? NormalizationConfig::RMS_NORM
                                            : NormalizationConfig::LAYER_NORM);
  ASSIGN_OR_RETURN(const double epsilon, reader.Number("epsilon", 1e-5));
  normalization.set_epsilon(epsilon);
  return normalization;
}

JsonObject ExportNormalization(const NormalizationConfig& normalization) {
  JsonObject out;
  switch (normalization.type()) {
    case NormalizationConfig::NONE:
      out.Set("type", "none");
      return out;
    case NormalizationConfig::LAYER_NORM:
      out.Set("type", "layer_norm");
      break;
    default:
      out.Set("type", "rms_norm");
  }
  out.Set("epsilon", normalization.epsilon());
  return out;
}

}  // namespace apriel2
}  // namespace weightwalk

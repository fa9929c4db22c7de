#include "converters/hf/hf_config.h"

#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/json_writer.h"
#include "base/status_macros.h"
#include "converters/hf/config_reader.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

// hf-config-coverage.md §3a and §3b: the fixed allowlist and transformers
// 4.57's PretrainedConfig().to_dict() keys.
const absl::flat_hash_set<std::string>& Allowlist() {
  static const auto* const keys = new absl::flat_hash_set<std::string>{
      // §3a
      "auto_map", "torch_dtype", "use_cache", "is_llama_config", "bos_token_id",
      "decoder_start_token_id", "eos_token_id", "mask_token_id", "pad_token_id",
      "sep_token_id", "initializer_range", "max_position_embeddings",
      "pretraining_tp",
      // §3b
      "return_dict", "output_hidden_states", "torchscript", "dtype",
      "output_attentions", "pruned_heads", "tie_word_embeddings",
      "chunk_size_feed_forward", "is_encoder_decoder", "is_decoder",
      "cross_attention_hidden_size", "add_cross_attention",
      "tie_encoder_decoder", "architectures", "finetuning_task", "id2label",
      "label2id", "task_specific_params", "problem_type", "tokenizer_class",
      "prefix", "max_length", "min_length", "do_sample", "early_stopping",
      "num_beams", "num_beam_groups", "diversity_penalty", "temperature",
      "top_k", "top_p", "typical_p", "repetition_penalty", "length_penalty",
      "no_repeat_ngram_size", "encoder_no_repeat_ngram_size", "bad_words_ids",
      "num_return_sequences", "output_scores", "return_dict_in_generate",
      "forced_bos_token_id", "forced_eos_token_id", "remove_invalid_values",
      "exponential_decay_length_penalty", "suppress_tokens",
      "begin_suppress_tokens", "_name_or_path", "transformers_version",
      "model_type", "tf_legacy_loss", "use_bfloat16"};
  return *keys;
}

// hf-config-coverage.md §2: the unknown paths at and under `path`. A
// claimed path covers its subtree; a path with an allowlisted segment is
// covered; an object whose every entry is unknown is reported as itself.
std::vector<std::string> UnknownPaths(const std::string& path,
                                      const std::string& key,
                                      const JsonValue& value,
                                      const std::set<std::string>& claims) {
  if (claims.count(path) || Allowlist().contains(key)) return {};
  if (!value.is_object() || value.members().empty()) return {path};
  std::vector<std::string> unknown;
  bool all_unknown = true;
  for (const auto& [child_key, child] : value.members()) {
    const std::string child_path = absl::StrCat(path, ".", child_key);
    std::vector<std::string> below =
        UnknownPaths(child_path, child_key, child, claims);
    all_unknown = all_unknown && below.size() == 1 && below[0] == child_path;
    unknown.insert(unknown.end(), below.begin(), below.end());
  }
  if (all_unknown) return {path};
  return unknown;
}

std::vector<ConfigKey> UnknownKeys(const JsonValue& config,
                                   const std::set<std::string>& claims,
                                   absl::string_view file) {
  std::vector<ConfigKey> unknown;
  for (const auto& [key, value] : config.members()) {
    for (const std::string& path : UnknownPaths(key, key, value, claims)) {
      ConfigKey& entry = unknown.emplace_back();
      entry.set_path(path);
      entry.set_location(
          absl::StrCat(file, ":", value.line(), ":", value.column()));
      if (path == key && value.is_object()) {
        for (const auto& [child_key, child] : value.members()) {
          entry.add_children(child_key);
        }
      }
    }
  }
  return unknown;
}

// Fast-LLM asserts architectures == [architecture] (when present).
absl::Status CheckArchitecture(const ConfigReader& reader,
                               absl::string_view architecture,
                               absl::string_view format) {
  const JsonValue* architectures = reader.config().Find("architectures");
  if (architectures == nullptr || architectures->is_null())
    return absl::OkStatus();
  const bool matches = architectures->is_array() &&
                       architectures->elements().size() == 1 &&
                       architectures->elements()[0].is_string() &&
                       architectures->elements()[0].text() == architecture;
  if (!matches) {
    return reader.Error(*architectures,
                        absl::StrCat("\"architectures\" must be [\"",
                                     architecture, "\"] for format ", format));
  }
  return absl::OkStatus();
}

// The registered format `name` and its codec; UnimplementedError for a
// format without config conversion.
absl::StatusOr<const ConfigCodec*> CodecOf(absl::string_view name,
                                           absl::string_view path,
                                           const char* what) {
  ASSIGN_OR_RETURN(const Format* format, FindFormat(name));
  if (format->config == nullptr) {
    return absl::UnimplementedError(
        absl::StrCat(path, ": ", what, " a config.json in the ", name,
                     " format is not implemented yet; weightwalk converts: ",
                     absl::StrJoin(ImportableFormats(), ", ")));
  }
  return format->config;
}

// The format `config` is: named by `model_type`, or else by its one
// `architectures` entry.
absl::StatusOr<std::string> DetectFormat(const ConfigReader& reader) {
  const JsonValue& config = reader.config();
  const JsonValue* model_type = config.Find("model_type");
  const JsonValue* architectures = config.Find("architectures");
  const std::string supported = absl::StrJoin(FormatNames(), ", ");
  if ((model_type == nullptr || model_type->is_null()) &&
      architectures != nullptr && architectures->is_array() &&
      architectures->elements().size() == 1 &&
      architectures->elements()[0].is_string()) {
    if (const Format* format =
            FormatOfArchitecture(architectures->elements()[0].text())) {
      return std::string(format->name);
    }
  }
  if (model_type == nullptr || !model_type->is_string()) {
    return reader.Error(
        model_type ? *model_type : config,
        absl::StrCat("the config has no string \"model_type\" and no known "
                     "\"architectures\"; pass --format=NAME (formats: ",
                     supported, ")"));
  }
  const Format* format = FormatOfModelType(model_type->text());
  if (format == nullptr) {
    return reader.Error(
        *model_type,
        absl::StrCat("unsupported model_type \"", model_type->text(),
                     "\": no Fast-LLM checkpoint format reads it; supported "
                     "formats: ",
                     supported));
  }
  return std::string(format->name);
}

}  // namespace

absl::StatusOr<std::string> ExportHfConfig(const ModelConfig& config,
                                           absl::string_view format,
                                           TransformersLayout layout) {
  ASSIGN_OR_RETURN(const ConfigCodec* codec,
                   CodecOf(format, "export", "writing"));
  ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
  ASSIGN_OR_RETURN(const JsonObject exported,
                   codec->export_config(config, resolved, layout));
  return exported.ToString();
}

absl::StatusOr<RoundTrip> RoundTripConfig(const ModelConfig& config,
                                          absl::string_view format,
                                          TransformersLayout layout) {
  ASSIGN_OR_RETURN(const std::string exported,
                   ExportHfConfig(config, format, layout));
  ASSIGN_OR_RETURN(const JsonValue json,
                   ParseJson(exported, "exported config.json"));
  RoundTrip result;
  absl::StatusOr<ModelConfig> after = [&]() -> absl::StatusOr<ModelConfig> {
    ASSIGN_OR_RETURN(const HfImport imported,
                     ImportHfConfig(json, "exported config.json", format));
    return ResolveModelConfig(imported.model);
  }();
  if (!after.ok()) {
    result.import_error = std::string(after.status().message());
    return result;
  }
  ASSIGN_OR_RETURN(const ModelConfig before, ResolveModelConfig(config));
  ASSIGN_OR_RETURN(const ParameterManifest original,
                   BuildParameterManifest(before, ""));
  ASSIGN_OR_RETURN(const ParameterManifest round_tripped,
                   BuildParameterManifest(*after, ""));
  absl::flat_hash_map<std::string, const Parameter*> kept;
  for (const Parameter& parameter : round_tripped.parameters()) {
    kept.emplace(parameter.name(), &parameter);
  }
  const auto shape = [](const Parameter& parameter) {
    return absl::StrCat("[", absl::StrJoin(parameter.shape(), ", "), "]");
  };
  absl::flat_hash_set<std::string> before_names;
  for (const Parameter& parameter : original.parameters()) {
    before_names.insert(parameter.name());
  }
  for (const Parameter& parameter : original.parameters()) {
    const auto it = kept.find(parameter.name());
    if (it != kept.end() && shape(*it->second) == shape(parameter)) continue;
    RoundTripLoss& loss = result.losses.emplace_back();
    loss.set_parameter(parameter.name());
    loss.set_change(
        it == kept.end()
            ? absl::StrCat(shape(parameter), " is gone")
            : absl::StrCat(shape(parameter), " becomes ", shape(*it->second)));
  }
  // A parameter only the read-back model has: the checkpoint saved from
  // the original has no tensor for it, so loading it fails too.
  for (const Parameter& parameter : round_tripped.parameters()) {
    if (before_names.contains(parameter.name())) continue;
    RoundTripLoss& loss = result.losses.emplace_back();
    loss.set_parameter(parameter.name());
    loss.set_change(absl::StrCat(shape(parameter), " appears"));
  }
  return result;
}

std::vector<std::string> ImportableFormats() {
  std::vector<std::string> names;
  for (const std::string& name : FormatNames()) {
    if ((*FindFormat(name))->config != nullptr) names.push_back(name);
  }
  return names;
}

absl::StatusOr<HfImport> ImportHfConfig(const JsonValue& config,
                                        absl::string_view path,
                                        absl::string_view format) {
  const ConfigReader reader(config, path);
  if (!config.is_object()) {
    return reader.Error(config, "config.json must be a JSON object");
  }
  HfImport result;
  if (format.empty()) {
    ASSIGN_OR_RETURN(result.format, DetectFormat(reader));
  } else {
    result.format = std::string(format);
  }
  absl::StatusOr<const Format*> found = FindFormat(result.format);
  if (!found.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown format \"", result.format,
                     "\"; formats: ", absl::StrJoin(FormatNames(), ", ")));
  }
  ASSIGN_OR_RETURN(const ConfigCodec* codec,
                   CodecOf(result.format, path, "reading"));
  if (codec->checks_architecture) {
    RETURN_IF_ERROR(
        CheckArchitecture(reader, (*found)->architecture, result.format));
  }
  ASSIGN_OR_RETURN(result.model, codec->import_config(config, path));
  result.unknown_keys = UnknownKeys(config, codec->claims(), path);
  return result;
}

}  // namespace weightwalk

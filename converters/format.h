// Checkpoint formats and their registry.
//
// A format is one package under converters/ (converters/llama, ...): its
// name, the `model_type`s and Hugging Face architecture it answers to, a
// function that declares its leaf weight converters for a resolved model
// config, and its config codec (config.json <-> model config). The package
// registers it when linked (its cc_library sets `alwayslink = 1`):
//
//   const Format kLlamaFormat = {"llama", "LlamaForCausalLM", &EmitLlama,
//                                {"llama"}, &kLlamaConfig};
//   WEIGHTWALK_REGISTER_FORMAT(kLlamaFormat);
//
// so a binary knows exactly the formats it links: a per-format generator
// links one (and the formats it is built on), the `weightwalk` command line
// links them all (//converters:all_formats, from converters/formats.bzl).
// Detection, import and export of config.json (converters/hf/hf_config.h)
// are lookups here.
#ifndef WEIGHTWALK_CONVERTERS_FORMAT_H_
#define WEIGHTWALK_CONVERTERS_FORMAT_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "base/json_writer.h"
#include "converters/emitter.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// Which transformers major version's config.json layout export writes, as
// Fast-LLM does by the installed version: v4 puts `rope_theta` at the top
// with an optional `rope_scaling`; v5 puts both in one `rope_parameters`.
// (Formats with their own rotary keys, apriel2 and gemma4, are the same in
// both.) Import reads either.
enum class TransformersLayout { kV4, kV5 };

// A format's config.json <-> Fast-LLM model config.
struct ConfigCodec {
  // config.json (the object `config`, read from `path`) -> the model.
  // Errors name the file, the line and the key.
  absl::StatusOr<ModelConfig> (*import_config)(const JsonValue& config,
                                               absl::string_view path);
  // The model as written and resolved -> the config.json object, failing
  // with the field when the format cannot express the model.
  absl::StatusOr<JsonObject> (*export_config)(const ModelConfig& written,
                                              const ModelConfig& resolved,
                                              TransformersLayout layout);
  // The config.json key paths the format's converters read; a claim covers
  // its subtree (hf-config-coverage.md §2).
  std::set<std::string> (*claims)();
  // Whether import asserts `architectures` == [the architecture], as
  // Fast-LLM's handlers do (its Apriel2 handlers do not).
  bool checks_architecture = true;
};

struct Format {
  // The format's name, as fixtures' `checkpoint_format` says it.
  absl::string_view name;
  // The Hugging Face `architectures` entry, e.g. "LlamaForCausalLM".
  absl::string_view architecture;
  // Declares every leaf for `resolved` (a config from ResolveModelConfig),
  // calling `out.Fail` for a structure the format cannot express.
  void (*emit)(const ModelConfig& resolved, const ConverterEmitter& out);
  // The config.json `model_type`s that name the format.
  std::vector<absl::string_view> model_types;
  // Its config.json conversion; null for a format without one.
  const ConfigCodec* config = nullptr;
};

// Adds `format` to the registry; returns true so it can initialize a static.
// Registering two formats of one name aborts at start-up.
bool RegisterFormat(const Format* format);

// The registered format called `name`; NotFoundError listing the known
// formats otherwise.
absl::StatusOr<const Format*> FindFormat(absl::string_view name);

// The names of every registered format, sorted.
std::vector<std::string> FormatNames();

// The registered format whose config.json `model_type` is `model_type`, or
// null.
const Format* FormatOfModelType(absl::string_view model_type);

// The registered format with a config codec whose architecture is
// `architecture`, or null.
const Format* FormatOfArchitecture(absl::string_view architecture);

// Whether `name` is one of the formats weightwalk has (converters/
// formats.bzl: Fast-LLM's 13 Hugging Face checkpoint formats, spec §3),
// registered in this binary or not.
bool IsFastLlmFormat(absl::string_view name);

}  // namespace weightwalk

#define WEIGHTWALK_REGISTER_FORMAT(format)                     \
  static const bool weightwalk_format_registered_##format##_ = \
      ::weightwalk::RegisterFormat(&(format))

#endif  // WEIGHTWALK_CONVERTERS_FORMAT_H_

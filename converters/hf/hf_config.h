// Hugging Face config.json -> Fast-LLM model config (import), with format
// detection and the config-key coverage walk.
//
// Detection: `model_type` names the format (Gemma 4's is "gemma4_text");
// `architectures` must then be exactly [the format's architecture], as
// Fast-LLM asserts. `format` overrides the detection.
//
// Import follows Fast-LLM's config converters (spec §3.1-§3.6,
// hf-config-coverage.md §4) on the raw file: a key the transformers config
// class would default is taken at that default when missing (or null where
// Fast-LLM has an import default, e.g. `head_dim`).
//
// Coverage: every key path of config.json must be claimed by the format's
// converters (a claim covers its whole subtree) or contain a segment of the
// allowlist (the 13 fixed keys plus transformers 4.57's PretrainedConfig
// keys). Unknown paths are returned, for the unknown-config-key rule; an
// object unknown as a whole is one path.
//
// Each format's conversion is its codec (Format.config, in its package
// under converters/); detection and dispatch here are registry lookups, so
// a binary converts the formats it links. Sizes and counts above
// kMaxModelInteger (model/resolve.h) are refused as they are read.
#ifndef WEIGHTWALK_CONVERTERS_HF_HF_CONFIG_H_
#define WEIGHTWALK_CONVERTERS_HF_HF_CONFIG_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "checkpoint/checkpoint_manifest.pb.h"
#include "converters/converter_manifest.pb.h"
#include "converters/format.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// The most bytes of a config.json weightwalk reads. Real ones are a few KB
// (more with a classifier's id2label and label2id); a config.json comes
// with a stranger's checkpoint, and reading one costs memory in proportion
// to its keys.
inline constexpr size_t kMaxConfigJsonBytes = size_t{4} << 20;  // 4 MiB

struct HfImport {
  // The detected (or given) format.
  std::string format;
  ModelConfig model;
  std::vector<ConfigKey> unknown_keys;
};

// Imports `config` (the parsed config.json at `path`). An empty `format`
// means detect it. Bad input is InvalidArgumentError naming the file, the
// line and the key.
absl::StatusOr<HfImport> ImportHfConfig(const JsonValue& config,
                                        absl::string_view path,
                                        absl::string_view format = "");

// The registered formats with a config codec, sorted.
std::vector<std::string> ImportableFormats();

// Fast-LLM model config -> config.json text for `format`. `config` is the
// model as written (not resolved): export checks what the format pins
// (gated MLP, RMSNorm, no per-layer bias overrides that differ, ...) and
// fails, naming the field, when the model has something the format cannot
// express.
absl::StatusOr<std::string> ExportHfConfig(
    const ModelConfig& config, absl::string_view format,
    TransformersLayout layout = TransformersLayout::kV4);

// What a config round trip does to a model: export `config` to `format`'s
// config.json, import it back, and compare the parameters.
struct RoundTrip {
  // Every parameter the round trip loses or reshapes: the fields behind
  // them are not written on export.
  std::vector<RoundTripLoss> losses;
  // Set when the exported config.json does not import again (or imports as
  // a model that cannot be built): the error, naming what is missing.
  std::string import_error;
};

// UnimplementedError for a format without config conversion; an export
// error when the format cannot express the model.
absl::StatusOr<RoundTrip> RoundTripConfig(
    const ModelConfig& config, absl::string_view format,
    TransformersLayout layout = TransformersLayout::kV4);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_HF_HF_CONFIG_H_

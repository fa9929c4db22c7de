// Reading a Fast-LLM config file: a user's model as Fast-LLM describes it.
//
// The file is what Fast-LLM reads (YAML, or JSON, which Fast-LLM also loads
// with yaml.safe_load), either
//   - a full training config: only `model.base_model` and
//     `pretrained.format` are read, every other section is skipped; or
//   - a bare base-model config (`decoder:`, `embeddings:`, `head:`, ...),
//     whose checkpoint format is given on the command line.
//
//   ASSIGN_OR_RETURN(FastLlmConfig config, ReadFastLlmConfig("model.yaml"));
//   ASSIGN_OR_RETURN(ModelConfig resolved, ResolveModelConfig(config.model));
//
// Every key and every value's type is checked against Fast-LLM's own config
// classes, as Fast-LLM checks them: model/fastllm_schema.json, written by
// running the real Fast-LLM (tools/fastllm/dump_schema.py). A `type:` key
// selects a subclass by Fast-LLM's name for it (`type: rms_norm`), and a
// missing one Fast-LLM's default subclass. Fields that shape parameters fill
// the ModelConfig, which has Fast-LLM's field names; the rest
// (initialization, lr_scale, peft, losses, ...) are checked and skipped.
// Defaults are left to ResolveModelConfig, as for fixtures.
//
// Errors are InvalidArgumentError naming the file, line, column and the key
// path:
//   "model.yaml:12:9: model.base_model.decoder.block.mixer.heds: unknown
//    key of AttentionConfig; did you mean heads?"
#ifndef WEIGHTWALK_MODEL_FASTLLM_CONFIG_H_
#define WEIGHTWALK_MODEL_FASTLLM_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/model_config.pb.h"

namespace weightwalk {

struct FastLlmConfig {
  // The base model, not yet resolved.
  ModelConfig model;
  // `pretrained.format` when it names a Hugging Face format (llama, ...);
  // empty when the file gives none or one of Fast-LLM's own formats.
  std::string format;
  // What the user should know although Fast-LLM accepts the file, each
  // naming the file and the place: a mapping given twice through a YAML
  // alias, which Fast-LLM reads only once (model/fastllm_config.cc).
  std::vector<std::string> warnings;
};

// Whether `path` names a Fast-LLM config file: .yaml, .yml or .json.
bool IsFastLlmConfigPath(absl::string_view path);

// Reads the config in `text`; `path` is used in error messages.
absl::StatusOr<FastLlmConfig> ParseFastLlmConfig(absl::string_view text,
                                                 absl::string_view path);

// Reads the config file at `path`.
absl::StatusOr<FastLlmConfig> ReadFastLlmConfig(absl::string_view path);

}  // namespace weightwalk

#endif  // WEIGHTWALK_MODEL_FASTLLM_CONFIG_H_

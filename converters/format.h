// Checkpoint formats and their registry.
//
// A format (one package under converters/, e.g. converters/llama) is a name,
// the Hugging Face architecture it exports, and a function that declares
// the format's leaf weight converters for a resolved model config.
//
// A format package registers itself when linked (its cc_library sets
// `alwayslink = 1`):
//
//   const Format kLlamaFormat = {"llama", "LlamaForCausalLM", &EmitLlama};
//   WEIGHTWALK_REGISTER_FORMAT(kLlamaFormat);
//
// so a binary knows exactly the formats it links: a per-format generator
// links one, the `weightwalk` command line links them all
// (//converters:all_formats).
#ifndef WEIGHTWALK_CONVERTERS_FORMAT_H_
#define WEIGHTWALK_CONVERTERS_FORMAT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converters/emitter.h"
#include "model/model_config.pb.h"

namespace weightwalk {

struct Format {
  // The format's name, as fixtures' `checkpoint_format` says it.
  absl::string_view name;
  // The Hugging Face `architectures` entry, e.g. "LlamaForCausalLM".
  absl::string_view architecture;
  // Declares every leaf for `resolved` (a config from ResolveModelConfig),
  // calling `out.Fail` for a structure the format cannot express.
  void (*emit)(const ModelConfig& resolved, const ConverterEmitter& out);
};

// Adds `format` to the registry; returns true so it can initialize a static.
// Registering two formats of one name aborts at start-up.
bool RegisterFormat(const Format* format);

// The registered format called `name`; NotFoundError listing the known
// formats otherwise.
absl::StatusOr<const Format*> FindFormat(absl::string_view name);

// The names of every registered format, sorted.
std::vector<std::string> FormatNames();

// Whether `name` is one of Fast-LLM's 13 Hugging Face checkpoint formats
// (spec §3), registered in this binary or not.
bool IsFastLlmFormat(absl::string_view name);

}  // namespace weightwalk

#define WEIGHTWALK_REGISTER_FORMAT(format)                     \
  static const bool weightwalk_format_registered_##format##_ = \
      ::weightwalk::RegisterFormat(&(format))

#endif  // WEIGHTWALK_CONVERTERS_FORMAT_H_

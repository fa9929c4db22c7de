#include "coverage/unknown_config_key.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  const std::string& format = context.converters().format();
  for (const ConfigKey& key : context.checkpoint()->unknown_config_keys()) {
    sink.Report(
        {key.path()},
        [&] {
          return absl::StrCat(
              "config.json key ", key.path(), " (", key.location(),
              key.children().empty()
                  ? ""
                  : absl::StrCat("; keys ",
                                 absl::StrJoin(key.children(), ", ")),
              ") is claimed by no converter of format \"", format,
              "\" and is not a generic PretrainedConfig key: Fast-LLM's import "
              "rejects the config. Remove it from config.json, or add a config "
              "converter that reads it.");
        },
        [] { return std::vector<std::string>(); },
        [&] { return key.location(); });
  }
}

}  // namespace

const Rule kUnknownConfigKey = {
    /*id=*/"unknown-config-key",
    /*severity=*/ERROR,
    /*summary=*/
    "a config.json key no converter claims and no allowlist covers",
    /*why=*/
    "Fast-LLM's import walks every config.json key and rejects the "
    "config on the first key that no converter of the format claims and "
    "that is not a generic PretrainedConfig key (\"HF config has "
    "unknown key\").",
    /*fix=*/
    "Remove the key from config.json (a quantization_config belongs to "
    "a quantized export, not to a checkpoint Fast-LLM loads), or add a "
    "config converter that reads it.",
    /*check=*/&Check};

}  // namespace weightwalk

#include "coverage/unknown_config_key.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  if (context.checkpoint() == nullptr) return;
  const std::string& format = context.converters().format();
  for (const ConfigKey& key : context.checkpoint()->unknown_config_keys()) {
    sink.Report({key.path()}, [&] {
      return absl::StrCat(
          "config.json key ", key.path(), " (", key.location(),
          key.children().empty()
              ? ""
              : absl::StrCat("; keys ", absl::StrJoin(key.children(), ", ")),
          ") is claimed by no converter of format \"", format,
          "\" and is not a generic PretrainedConfig key: Fast-LLM's import "
          "rejects the config. Remove it from config.json, or add a config "
          "converter that reads it.");
    });
  }
}

}  // namespace

const Rule kUnknownConfigKey = {
    "unknown-config-key", ERROR,
    "a config.json key no converter claims and no allowlist covers", &Check};

}  // namespace weightwalk

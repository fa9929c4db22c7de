#include "tools/check_pipeline.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "converters/format.h"
#include "converters/hf/hf_config.h"
#include "converters/manifest.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {

absl::StatusOr<ModelSide> BuildModelSide(const JsonValue& config,
                                         absl::string_view path,
                                         absl::string_view format,
                                         absl::string_view name) {
  ASSIGN_OR_RETURN(HfImport imported, ImportHfConfig(config, path, format));
  absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(imported.model);
  if (!resolved.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": the imported model is invalid: ", resolved.status().message()));
  }
  ModelSide side;
  side.unknown_keys = std::move(imported.unknown_keys);
  absl::StatusOr<ParameterManifest> parameters =
      BuildParameterManifest(*resolved, name);
  if (!parameters.ok()) {  // Over weightwalk's size limit.
    return absl::Status(
        parameters.status().code(),
        absl::StrCat(path, ": ", parameters.status().message()));
  }
  side.parameters = *std::move(parameters);
  ASSIGN_OR_RETURN(const Format* found, FindFormat(imported.format));
  // Blocks of up to 1 MiB: a large model's manifest takes hundreds of them.
  google::protobuf::ArenaOptions blocks;
  blocks.start_block_size = 64 << 10;
  blocks.max_block_size = 1 << 20;
  side.arena = std::make_unique<google::protobuf::Arena>(blocks);
  ASSIGN_OR_RETURN(side.converters,
                   BuildConverterManifest(side.arena.get(), *found, *resolved,
                                          side.parameters, name));
  return side;
}

absl::StatusOr<ModelSide> BuildModelSideFromFile(const std::string& path,
                                                 absl::string_view format,
                                                 absl::string_view name) {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path, kMaxConfigJsonBytes));
  ASSIGN_OR_RETURN(const JsonValue config, ParseJson(text, path));
  return BuildModelSide(config, path, format, name);
}

}  // namespace weightwalk

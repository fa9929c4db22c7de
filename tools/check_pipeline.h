// The model side of `weightwalk check`: a checkpoint's config.json, imported
// and built into the manifests the rules compare with the checkpoint.
//
//   ASSIGN_OR_RETURN(ModelSide model,
//                    BuildModelSideFromFile("ckpt/config.json", "", "ckpt"));
//   CoverageContext context(model.parameters, *model.converters);
//   context.AttachCheckpoint(checkpoint);
#ifndef WEIGHTWALK_TOOLS_CHECK_PIPELINE_H_
#define WEIGHTWALK_TOOLS_CHECK_PIPELINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "checkpoint/checkpoint_manifest.pb.h"
#include "converters/converter_manifest.pb.h"
#include "google/protobuf/arena.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {

// The imported model's manifests, and the config keys no format claims.
struct ModelSide {
  std::vector<ConfigKey> unknown_keys;
  ParameterManifest parameters;
  // Owns `converters`.
  std::unique_ptr<google::protobuf::Arena> arena;
  const ConverterManifest* converters = nullptr;
};

// From parsed config.json `config` (read from `path`, for messages); an
// empty `format` detects it. `name` names the manifests.
absl::StatusOr<ModelSide> BuildModelSide(const JsonValue& config,
                                         absl::string_view path,
                                         absl::string_view format,
                                         absl::string_view name);

// The same, reading and parsing the file.
absl::StatusOr<ModelSide> BuildModelSideFromFile(const std::string& path,
                                                 absl::string_view format,
                                                 absl::string_view name);

}  // namespace weightwalk

#endif  // WEIGHTWALK_TOOLS_CHECK_PIPELINE_H_

// The pipeline from a fixture file to its manifests, shared by the command
// line and the Bazel generators.
//
//   fixture file --LoadFixture--> model config --ResolveModelConfig-->
//   resolved config --BuildParameterManifest--> ParameterManifest
//
// A Fast-LLM config file (.yaml, .yml, .json) stands in for a fixture: its
// model is its `model.base_model`, its format `pretrained.format`, and its
// name the file's name without the extension (model/fastllm_config.h).
//
// Errors are InvalidArgumentError (NotFoundError for a missing file) whose
// message starts with the fixture's path.
#ifndef WEIGHTWALK_TOOLS_PIPELINE_H_
#define WEIGHTWALK_TOOLS_PIPELINE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/fixture.h"
#include "model/model_config.pb.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {

struct FixtureModel {
  LoadedFixture fixture;
  ModelConfig resolved;
  ParameterManifest parameters;
};

// A fixture textproto, or a Fast-LLM config file, as a loaded fixture.
absl::StatusOr<LoadedFixture> LoadModelFile(absl::string_view path);

absl::StatusOr<FixtureModel> LoadFixtureModel(absl::string_view path);

}  // namespace weightwalk

#endif  // WEIGHTWALK_TOOLS_PIPELINE_H_

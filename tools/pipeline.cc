#include "tools/pipeline.h"

#include <filesystem>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "model/fastllm_config.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {

absl::StatusOr<LoadedFixture> LoadModelFile(absl::string_view path) {
  if (!IsFastLlmConfigPath(path)) return LoadFixture(path);
  ASSIGN_OR_RETURN(FastLlmConfig config, ReadFastLlmConfig(path));
  LoadedFixture fixture;
  fixture.path = std::string(path);
  // The file's name without its extension: model.yaml is "model".
  fixture.name = std::filesystem::path(std::string(path)).stem().string();
  fixture.checkpoint_format = std::move(config.format);
  fixture.model = std::move(config.model);
  fixture.warnings = std::move(config.warnings);
  return fixture;
}

absl::StatusOr<FixtureModel> LoadFixtureModel(absl::string_view path) {
  FixtureModel model;
  ASSIGN_OR_RETURN(model.fixture, LoadModelFile(path));
  absl::StatusOr<ModelConfig> resolved =
      ResolveModelConfig(model.fixture.model);
  if (!resolved.ok()) {
    return absl::Status(
        resolved.status().code(),
        absl::StrCat(path, ": model.", resolved.status().message()));
  }
  model.resolved = *std::move(resolved);
  absl::StatusOr<ParameterManifest> parameters =
      BuildParameterManifest(model.resolved, model.fixture.name);
  if (!parameters.ok()) {  // Over weightwalk's size limit.
    return absl::Status(
        parameters.status().code(),
        absl::StrCat(path, ": ", parameters.status().message()));
  }
  model.parameters = *std::move(parameters);
  return model;
}

}  // namespace weightwalk

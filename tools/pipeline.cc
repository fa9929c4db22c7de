#include "tools/pipeline.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "model/parameters.h"
#include "model/resolve.h"
#include "tools/base/status_macros.h"

namespace weightwalk {

absl::StatusOr<FixtureModel> LoadFixtureModel(absl::string_view path) {
  FixtureModel model;
  ASSIGN_OR_RETURN(model.fixture, LoadFixture(path));
  absl::StatusOr<ModelConfig> resolved =
      ResolveModelConfig(model.fixture.model);
  if (!resolved.ok()) {
    return absl::Status(
        resolved.status().code(),
        absl::StrCat(path, ": model.", resolved.status().message()));
  }
  model.resolved = *std::move(resolved);
  ASSIGN_OR_RETURN(model.parameters,
                   BuildParameterManifest(model.resolved, model.fixture.name));
  return model;
}

}  // namespace weightwalk

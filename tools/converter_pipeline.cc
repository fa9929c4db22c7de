#include "tools/converter_pipeline.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "converters/format.h"
#include "converters/hf/hf_config.h"
#include "converters/manifest.h"

namespace weightwalk {

absl::StatusOr<ConverterManifest> BuildFixtureConverters(
    const FixtureModel& model, absl::string_view format) {
  const std::string name =
      format.empty() ? model.fixture.checkpoint_format : std::string(format);
  if (name.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(model.fixture.path, ": fixture \"", model.fixture.name,
                     "\" has no checkpoint format"));
  }
  absl::StatusOr<const Format*> found = FindFormat(name);
  if (!found.ok() && IsFastLlmFormat(name)) {
    return absl::UnimplementedError(absl::StrCat(
        model.fixture.path, ": Fast-LLM's \"", name,
        "\" format has no converters in weightwalk yet; implemented: ",
        absl::StrJoin(FormatNames(), ", ")));
  }
  if (!found.ok()) {
    return absl::Status(
        found.status().code(),
        absl::StrCat(model.fixture.path, ": ", found.status().message()));
  }
  absl::StatusOr<ConverterManifest> manifest = BuildConverterManifest(
      **found, model.resolved, model.parameters, model.fixture.name);
  if (!manifest.ok()) {
    return absl::Status(manifest.status().code(),
                        absl::StrCat(model.fixture.path, ": format \"", name,
                                     "\" cannot convert this model: ",
                                     manifest.status().message()));
  }
  // The config side: what an export of the config would lose.
  absl::StatusOr<RoundTrip> round_trip =
      RoundTripConfig(model.fixture.model, name);
  if (round_trip.ok()) {
    manifest->set_round_trip_checked(true);
    for (RoundTripLoss& loss : round_trip->losses) {
      *manifest->add_round_trip_losses() = std::move(loss);
    }
    manifest->set_round_trip_error(round_trip->import_error);
  } else if (!absl::IsUnimplemented(round_trip.status())) {
    return absl::Status(
        round_trip.status().code(),
        absl::StrCat(model.fixture.path, ": ", round_trip.status().message()));
  }
  return manifest;
}

}  // namespace weightwalk

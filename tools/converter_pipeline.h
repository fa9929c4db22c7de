// From a loaded fixture model to its converter manifest in one format.
#ifndef WEIGHTWALK_TOOLS_CONVERTER_PIPELINE_H_
#define WEIGHTWALK_TOOLS_CONVERTER_PIPELINE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converters/converter_manifest.pb.h"
#include "tools/pipeline.h"

namespace weightwalk {

// The converter manifest of `model` in `format` (a registered format name;
// NotFoundError listing the linked formats otherwise). An empty `format`
// means the fixture's own checkpoint format; a fixture without one is
// FailedPreconditionError. One of Fast-LLM's formats that weightwalk does not
// implement yet is UnimplementedError.
absl::StatusOr<ConverterManifest> BuildFixtureConverters(
    const FixtureModel& model, absl::string_view format);

}  // namespace weightwalk

#endif  // WEIGHTWALK_TOOLS_CONVERTER_PIPELINE_H_

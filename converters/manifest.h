// The converter manifest of one format for one model.
//
// Runs the format's emitter, then attaches shapes: each leaf's Fast-LLM
// inputs get the model's shapes (from the parameter manifest) and its
// checkpoint outputs get the shapes its transform exports
// (converters/transforms.h). A leaf whose input the model does not have, or
// whose transform cannot apply to its input shape, keeps its names, gets no
// shapes, and says why in `shape_error`; the coverage rules report it.
#ifndef WEIGHTWALK_CONVERTERS_MANIFEST_H_
#define WEIGHTWALK_CONVERTERS_MANIFEST_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converters/converter_manifest.pb.h"
#include "converters/format.h"
#include "model/model_config.pb.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {

absl::StatusOr<ConverterManifest> BuildConverterManifest(
    const Format& format, const ModelConfig& resolved,
    const ParameterManifest& parameters, absl::string_view fixture);

// The same, allocated on `arena`, which owns the result: `check` builds a
// large model's manifest (775,003 checkpoint names at 1,000 x 256) with one
// bump of a pointer per message, string object and shape instead of a
// malloc each (a name's characters are still allocated on their own).
absl::StatusOr<ConverterManifest*> BuildConverterManifest(
    google::protobuf::Arena* arena, const Format& format,
    const ModelConfig& resolved, const ParameterManifest& parameters,
    absl::string_view fixture);

// Drops where each leaf was declared (ConverterManifest.sources), as every
// manifest written to a file does: moving a line of a format must change
// no golden and re-run no test.
void ClearSources(ConverterManifest& manifest);

}  // namespace weightwalk

#endif  // WEIGHTWALK_CONVERTERS_MANIFEST_H_

// What the config and fixture fuzz targets run once they have a model:
// the rest of `weightwalk check`, so a model the readers accept is carried
// through every stage a user's run would reach.
#ifndef WEIGHTWALK_TOOLS_FUZZ_FUZZ_PIPELINE_H_
#define WEIGHTWALK_TOOLS_FUZZ_FUZZ_PIPELINE_H_

#include "absl/strings/string_view.h"
#include "model/model_config.pb.h"

namespace weightwalk {

// Resolves `model`, builds its parameter manifest and, when `format` is not
// empty, its converter manifest in `format`, runs every rule and renders the
// report in every output format. Errors are expected (the input is
// arbitrary) and end the run quietly; what the fuzzer finds here is a crash,
// a hang, a leak or a sanitizer report.
void RunModelThroughCheck(const ModelConfig& model, absl::string_view format);

}  // namespace weightwalk

#endif  // WEIGHTWALK_TOOLS_FUZZ_FUZZ_PIPELINE_H_

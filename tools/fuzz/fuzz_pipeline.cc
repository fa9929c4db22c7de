#include "tools/fuzz/fuzz_pipeline.h"

#include "absl/status/statusor.h"
#include "converters/converter_manifest.pb.h"
#include "converters/format.h"
#include "converters/manifest.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "coverage/render.h"
#include "coverage/report.h"
#include "model/parameter_manifest.pb.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {

void RunModelThroughCheck(const ModelConfig& model, absl::string_view format) {
  const absl::StatusOr<ModelConfig> resolved = ResolveModelConfig(model);
  if (!resolved.ok()) return;
  const absl::StatusOr<ParameterManifest> parameters =
      BuildParameterManifest(*resolved, "fuzz");
  if (!parameters.ok()) return;
  ConverterManifest converters;
  if (!format.empty()) {
    const absl::StatusOr<const Format*> found = FindFormat(format);
    if (!found.ok()) return;
    absl::StatusOr<ConverterManifest> built =
        BuildConverterManifest(**found, *resolved, *parameters, "fuzz");
    if (!built.ok()) return;
    converters = *std::move(built);
  }
  const CoverageReport report =
      RunRules(CoverageContext(*parameters, converters));
  for (const OutputFormat output :
       {OutputFormat::kText, OutputFormat::kMarkdown, OutputFormat::kJson,
        OutputFormat::kTextProto}) {
    RenderReport(report, output);
  }
}

}  // namespace weightwalk

#include "converters/format_testing.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "converters/format.h"
#include "converters/manifest.h"
#include "google/protobuf/text_format.h"
#include "model/fixture.h"
#include "model/parameters.h"
#include "model/resolve.h"

namespace weightwalk {
namespace {

absl::StatusOr<ConverterManifest> Convert(const ModelConfig& config,
                                          const std::string& name,
                                          const std::string& format_name) {
  ASSIGN_OR_RETURN(const ModelConfig resolved, ResolveModelConfig(config));
  ASSIGN_OR_RETURN(const ParameterManifest parameters,
                   BuildParameterManifest(resolved, name));
  ASSIGN_OR_RETURN(const Format* format, FindFormat(format_name));
  return BuildConverterManifest(*format, resolved, parameters, name);
}

}  // namespace

absl::StatusOr<ConverterManifest> FixtureConverters(const std::string& fixture,
                                                    const std::string& format) {
  ASSIGN_OR_RETURN(
      const LoadedFixture loaded,
      LoadFixture(absl::StrCat("fixtures/", fixture, ".textproto")));
  return Convert(loaded.model, fixture, format);
}

absl::StatusOr<ConverterManifest> ConfigConverters(const std::string& config,
                                                   const std::string& format) {
  ModelConfig model;
  if (!google::protobuf::TextFormat::ParseFromString(config, &model)) {
    return absl::InvalidArgumentError("cannot parse the test config");
  }
  return Convert(model, "test", format);
}

std::vector<std::string> DescribeConverters(const ConverterManifest& manifest) {
  std::vector<std::string> lines;
  for (const WeightConverter& leaf : manifest.converters()) {
    std::vector<std::string> outputs;
    for (const Tensor& tensor : leaf.checkpoint()) {
      outputs.push_back(absl::StrCat(tensor.name(), " [",
                                     absl::StrJoin(tensor.shape(), ","), "]"));
    }
    const Tensor& input = leaf.fast_llm(0);
    lines.push_back(absl::StrCat(input.name(), " [",
                                 absl::StrJoin(input.shape(), ","), "] -> ",
                                 absl::StrJoin(outputs, ", "), " ",
                                 TransformKind_Name(leaf.transform())));
  }
  return lines;
}

std::vector<std::string> CheckpointNames(const ConverterManifest& manifest) {
  std::vector<std::string> names;
  for (const WeightConverter& leaf : manifest.converters()) {
    for (const Tensor& tensor : leaf.checkpoint())
      names.push_back(tensor.name());
  }
  return names;
}

}  // namespace weightwalk

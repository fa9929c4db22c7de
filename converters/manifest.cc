#include "converters/manifest.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "converters/transforms.h"

namespace weightwalk {
namespace {

// Fills the shapes of `leaf`, or its `shape_error`.
void AttachShapes(
    const absl::flat_hash_map<absl::string_view, const Parameter*>& parameters,
    WeightConverter& leaf) {
  std::vector<Shape> inputs;
  for (Tensor& input : *leaf.mutable_fast_llm()) {
    const auto it = parameters.find(input.name());
    if (it == parameters.end()) {
      leaf.set_shape_error(absl::StrCat("consumes ", input.name(),
                                        ", which is not a model parameter"));
      return;
    }
    input.mutable_shape()->CopyFrom(it->second->shape());
    inputs.emplace_back(input.shape().begin(), input.shape().end());
  }
  absl::StatusOr<std::vector<Shape>> outputs = ExportShapes(
      leaf.transform(), inputs, static_cast<size_t>(leaf.checkpoint_size()),
      {leaf.transform_arguments().begin(), leaf.transform_arguments().end()});
  if (!outputs.ok()) {
    leaf.set_shape_error(std::string(outputs.status().message()));
    return;
  }
  // Added in place: assigning a temporary field would allocate it off the
  // arena, copy it over and free it, for each of a MoE layer's outputs.
  for (int k = 0; k < leaf.checkpoint_size(); ++k) {
    const Shape& shape = (*outputs)[static_cast<size_t>(k)];
    google::protobuf::RepeatedField<int64_t>& field =
        *leaf.mutable_checkpoint(k)->mutable_shape();
    field.Clear();
    field.Add(shape.begin(), shape.end());
  }
}

// Builds into `manifest`, on its arena if it has one.
absl::Status FillConverterManifest(const Format& format,
                                   const ModelConfig& resolved,
                                   const ParameterManifest& parameters,
                                   absl::string_view fixture,
                                   ConverterManifest& manifest) {
  Emission emission(manifest.GetArena());
  format.emit(resolved, ConverterEmitter(&emission));
  RETURN_IF_ERROR(emission.status);

  absl::flat_hash_map<absl::string_view, const Parameter*> by_name;
  by_name.reserve(parameters.parameters_size());
  for (const Parameter& parameter : parameters.parameters()) {
    by_name.emplace(parameter.name(), &parameter);
  }
  manifest.set_fixture(std::string(fixture));
  manifest.set_format(std::string(format.name));
  // The same arena: the containers trade places, nothing is copied.
  manifest.mutable_converters()->Swap(&emission.leaves);
  for (std::string& source : emission.sources) {
    manifest.add_sources(std::move(source));
  }
  for (WeightConverter& leaf : *manifest.mutable_converters()) {
    AttachShapes(by_name, leaf);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ConverterManifest> BuildConverterManifest(
    const Format& format, const ModelConfig& resolved,
    const ParameterManifest& parameters, absl::string_view fixture) {
  ConverterManifest manifest;
  RETURN_IF_ERROR(
      FillConverterManifest(format, resolved, parameters, fixture, manifest));
  return manifest;
}

absl::StatusOr<ConverterManifest*> BuildConverterManifest(
    google::protobuf::Arena* arena, const Format& format,
    const ModelConfig& resolved, const ParameterManifest& parameters,
    absl::string_view fixture) {
  ConverterManifest* manifest =
      google::protobuf::Arena::CreateMessage<ConverterManifest>(arena);
  RETURN_IF_ERROR(
      FillConverterManifest(format, resolved, parameters, fixture, *manifest));
  return manifest;
}

void ClearSources(ConverterManifest& manifest) {
  manifest.clear_sources();
  for (WeightConverter& leaf : *manifest.mutable_converters()) {
    leaf.clear_source();
  }
}

}  // namespace weightwalk

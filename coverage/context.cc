#include "coverage/context.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {

CoverageContext::CoverageContext(const ParameterManifest& parameters,
                                 const ConverterManifest& converters)
    : parameters_(parameters), converters_(converters) {
  for (const Parameter& parameter : parameters.parameters()) {
    parameters_by_name_.emplace(parameter.name(), &parameter);
    if (!parameter.tied_group().empty()) {
      tied_groups_[parameter.tied_group()].push_back(&parameter);
    }
  }
  for (int i = 0; i < converters.converters_size(); ++i) {
    for (const Tensor& input : converters.converters(i).fast_llm()) {
      consumers_[input.name()].push_back(i);
    }
  }
}

const Parameter* CoverageContext::FindParameter(absl::string_view name) const {
  const auto it = parameters_by_name_.find(name);
  return it == parameters_by_name_.end() ? nullptr : it->second;
}

const std::vector<int>& CoverageContext::ConsumersOf(
    absl::string_view name) const {
  static const std::vector<int>* const kNone = new std::vector<int>;
  const auto it = consumers_.find(name);
  return it == consumers_.end() ? *kNone : it->second;
}

const std::vector<const Parameter*>& CoverageContext::TiedGroup(
    absl::string_view group) const {
  static const std::vector<const Parameter*>* const kNone =
      new std::vector<const Parameter*>;
  const auto it = tied_groups_.find(group);
  return it == tied_groups_.end() ? *kNone : it->second;
}

std::string DescribeParameter(const Parameter& parameter) {
  return absl::StrCat(parameter.name(), " [",
                      absl::StrJoin(parameter.shape(), ", "), "]");
}

std::string DescribeConverter(const WeightConverter& converter) {
  std::vector<std::string> inputs, outputs;
  for (const Tensor& tensor : converter.fast_llm())
    inputs.push_back(tensor.name());
  for (const Tensor& tensor : converter.checkpoint()) {
    outputs.push_back(tensor.name());
  }
  return absl::StrCat(TransformKind_Name(converter.transform()), " converter ",
                      absl::StrJoin(inputs, ", "), " -> ",
                      absl::StrJoin(outputs, ", "));
}

}  // namespace weightwalk

// CoverageContext: the two manifests of one fixture, indexed for the rules.
//
// Built once per check; every rule reads it and none changes it.
#ifndef WEIGHTWALK_COVERAGE_CONTEXT_H_
#define WEIGHTWALK_COVERAGE_CONTEXT_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "converters/converter_manifest.pb.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {

class CoverageContext {
 public:
  // Both manifests must outlive the context.
  CoverageContext(const ParameterManifest& parameters,
                  const ConverterManifest& converters);

  const ParameterManifest& parameters() const { return parameters_; }
  const ConverterManifest& converters() const { return converters_; }

  // The parameter called `name`, or null when the model has none.
  const Parameter* FindParameter(absl::string_view name) const;

  // Indexes into converters().converters() of the leaves consuming `name`,
  // in emission order; empty when none does.
  const std::vector<int>& ConsumersOf(absl::string_view name) const;

  // The members of the tied group named `group` (its main copy), in
  // named_parameters() order.
  const std::vector<const Parameter*>& TiedGroup(absl::string_view group) const;

 private:
  const ParameterManifest& parameters_;
  const ConverterManifest& converters_;
  absl::flat_hash_map<std::string, const Parameter*> parameters_by_name_;
  absl::flat_hash_map<std::string, std::vector<int>> consumers_;
  absl::flat_hash_map<std::string, std::vector<const Parameter*>> tied_groups_;
};

// "name [a, b]" for a parameter.
std::string DescribeParameter(const Parameter& parameter);

// "SPLIT converter decoder.0.mlp.layer_1.weight -> model...gate_proj.weight,
// model...up_proj.weight" for a leaf.
std::string DescribeConverter(const WeightConverter& converter);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_CONTEXT_H_

#include "coverage/transform_shape_mismatch.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  for (int leaf = 0; leaf < context.converters().converters_size(); ++leaf) {
    const WeightConverter& converter = context.converters().converters(leaf);
    if (converter.shape_error().empty()) continue;
    std::vector<std::string> inputs;
    bool all_known = true;
    for (const Tensor& input : converter.fast_llm()) {
      all_known = all_known && context.FindParameter(input.name()) != nullptr;
      inputs.push_back(input.name());
    }
    if (!all_known) continue;  // phantom-parameter's finding.
    sink.Report(
        inputs,
        [&] {
          return absl::StrCat(
              "the ", DescribeConverter(converter),
              " cannot apply to the model's shapes: ", converter.shape_error(),
              ". Fix its transform or output names in "
              "converters/",
              format, ".");
        },
        [] { return std::vector<std::string>(); },
        [&] { return context.SourceOf(leaf); });
  }
}

}  // namespace

const Rule kTransformShapeMismatch = {
    /*id=*/"transform-shape-mismatch",
    /*severity=*/ERROR,
    /*summary=*/
    "a leaf's transform cannot turn its input shape into its outputs",
    /*why=*/
    "The converter would fail at export time, e.g. a split into parts "
    "that do not divide the dimension, or a reshape whose sizes do not "
    "multiply out.",
    /*fix=*/
    "Emit as many outputs as the transform can produce from the model's "
    "shape (one per expert and gate/up half, say), or use the transform "
    "the layout needs.",
    /*check=*/&Check};

}  // namespace weightwalk

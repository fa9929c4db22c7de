#include "coverage/phantom_parameter.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  absl::flat_hash_set<absl::string_view> seen;
  for (int leaf = 0; leaf < context.converters().converters_size(); ++leaf) {
    const WeightConverter& converter = context.converters().converters(leaf);
    for (const Tensor& input : converter.fast_llm()) {
      if (context.FindParameter(input.name()) != nullptr) continue;
      if (!seen.insert(input.name()).second) continue;
      const size_t consumers = context.ConsumersOf(input.name()).size();
      sink.Report(
          {input.name()},
          [&] {
            return absl::StrCat(
                "the ", DescribeConverter(converter), " consumes ",
                input.name(), ", which the model does not have",
                consumers > 1
                    ? absl::StrCat(" (", consumers - 1, " more converters too)")
                    : "",
                ": the converter never runs (Fast-LLM's export writes "
                "nothing for it, and its weight-coverage test fails on it), "
                "and a checkpoint holding its outputs does not load, as import "
                "has no parameter to fill. In converters/",
                format, ", emit it only when the config creates ", input.name(),
                ", or correct the name.");
          },
          [&] { return context.NearestParameters(input.name()); },
          [&] { return context.SourceOf(leaf); });
    }
  }
}

}  // namespace

const Rule kPhantomParameter = {
    /*id=*/"phantom-parameter",
    /*severity=*/ERROR,
    /*summary=*/
    "a leaf converter consumes a name the model does not have",
    /*why=*/
    "Fast-LLM runs a leaf only when all its inputs are there, so this "
    "one never runs: export writes nothing for it, and a checkpoint "
    "that holds its outputs fails to load, as import has no parameter "
    "to fill. Fast-LLM's own weight-coverage test fails on it too. "
    "Usually a typo, or a converter emitted for a feature the config "
    "does not enable (a bias, a norm).",
    /*fix=*/
    "Correct the name (see the did-you-mean), or emit the converter "
    "only when the config creates the parameter.",
    /*check=*/&Check};

}  // namespace weightwalk

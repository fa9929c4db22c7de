#include "coverage/parameter_consumed_twice.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  for (const Parameter& parameter : context.parameters().parameters()) {
    const CoverageContext::Leaves& consumers =
        context.ConsumersOf(parameter.name());
    if (consumers.size() < 2) continue;
    sink.Report(
        {parameter.name()},
        [&] {
          std::vector<std::string> converters;
          for (int index : consumers) {
            converters.push_back(
                DescribeConverter(context.converters().converters(index)));
          }
          return absl::StrCat(parameter.name(), " is consumed by ",
                              consumers.size(), " converters (",
                              absl::StrJoin(converters, "; "),
                              "): Fast-LLM keys its converters by their first "
                              "name and would silently keep one. Keep exactly "
                              "one converter for it in converters/",
                              format, ".");
        },
        [] { return std::vector<std::string>(); },
        // The later declaration, usually the one to remove.
        [&] { return context.SourceOf(consumers.back()); });
  }
}

}  // namespace

const Rule kParameterConsumedTwice = {
    /*id=*/"parameter-consumed-twice",
    /*severity=*/ERROR,
    /*summary=*/
    "two leaf converters consume the same parameter",
    /*why=*/
    "Fast-LLM keys its export converters by their first Fast-LLM name, "
    "so the later converter silently replaces the earlier one, and on "
    "import the parameter would be written twice.",
    /*fix=*/
    "Keep exactly one converter for the parameter; if two checkpoint "
    "tensors come from it, use one converter with a split transform.",
    /*check=*/&Check};

}  // namespace weightwalk

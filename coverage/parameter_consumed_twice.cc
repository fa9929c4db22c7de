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
    sink.Report({parameter.name()}, [&] {
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
    });
  }
}

}  // namespace

const Rule kParameterConsumedTwice = {
    "parameter-consumed-twice", ERROR,
    "two leaf converters consume the same parameter", &Check};

}  // namespace weightwalk

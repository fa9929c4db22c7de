#include "coverage/unconverted_parameter.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  absl::flat_hash_set<std::string> groups_seen;
  for (const Parameter& parameter : context.parameters().parameters()) {
    if (parameter.tied_group().empty()) {
      if (context.ConsumersOf(parameter.name()).empty()) {
        sink.Report(
            {parameter.name()},
            absl::StrCat(DescribeParameter(parameter),
                         " has no converter in format \"", format,
                         "\": its trained value is lost on export and import "
                         "cannot fill it. Add a leaf converter for it to "
                         "converters/",
                         format, "."),
            context.NearestPhantoms(parameter.name()));
      }
      continue;
    }
    if (!groups_seen.insert(parameter.tied_group()).second) continue;
    const std::vector<const Parameter*>& members =
        context.TiedGroup(parameter.tied_group());
    std::vector<std::string> names;
    bool consumed = false;
    for (const Parameter* member : members) {
      names.push_back(member->name());
      consumed = consumed || !context.ConsumersOf(member->name()).empty();
    }
    if (consumed) continue;
    sink.Report(
        names,
        absl::StrCat("tied group ", parameter.tied_group(), " (",
                     absl::StrJoin(names, ", "),
                     ") has no converter in format \"", format,
                     "\": the shared weight is lost on export. Convert "
                     "exactly one member, normally its main copy ",
                     parameter.tied_group(), ", in converters/", format, "."));
  }
}

}  // namespace

const Rule kUnconvertedParameter = {
    "unconverted-parameter", ERROR,
    "a parameter (or a whole tied group) that no leaf converter consumes",
    &Check};

}  // namespace weightwalk

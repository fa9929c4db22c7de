#include "coverage/tied_group_converted_twice.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  for (const std::string& group : context.TiedGroupNames()) {
    std::vector<std::string> converted;
    for (const Parameter* member : context.TiedGroup(group)) {
      if (!context.ConsumersOf(member->name()).empty()) {
        converted.push_back(member->name());
      }
    }
    if (converted.size() < 2) continue;
    sink.Report(
        converted,
        absl::StrCat("tied group ", group, " has ", converted.size(),
                     " converted members (", absl::StrJoin(converted, ", "),
                     "): the shared weight would be written twice. "
                     "Convert only one member, normally its main copy ",
                     group, ", in converters/", format, "."));
  }
}

}  // namespace

const Rule kTiedGroupConvertedTwice = {
    "tied-group-converted-twice", ERROR,
    "more than one member of a tied group is converted", &Check};

}  // namespace weightwalk

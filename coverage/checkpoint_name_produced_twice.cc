#include "coverage/checkpoint_name_produced_twice.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  for (const CoverageContext::CheckpointSide& side :
       context.CheckpointSides()) {
    const absl::string_view name = side.name;
    const CoverageContext::Producers& producers = side.producers;
    if (producers.size() < 2) continue;
    sink.Report({std::string(name)}, [&] {
      std::vector<std::string> converters;
      for (const CoverageContext::Producer& producer : producers) {
        converters.push_back(
            DescribeConverter(context.converters().converters(producer.leaf)));
      }
      return absl::StrCat("checkpoint tensor ", name, " is produced by ",
                          producers.size(), " converters (",
                          absl::StrJoin(converters, "; "),
                          "): export fails on the second write and import "
                          "keeps one. Give each converter its own "
                          "checkpoint name in converters/",
                          format, ".");
    });
  }
}

}  // namespace

const Rule kCheckpointNameProducedTwice = {
    "checkpoint-name-produced-twice", ERROR,
    "two leaf converters produce the same checkpoint name", &Check};

}  // namespace weightwalk

#include "coverage/checkpoint_name_produced_twice.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

void CheckSides(const CoverageContext& context,
                absl::Span<const CoverageContext::CheckpointSide> sides,
                FindingSink& sink) {
  for (const CoverageContext::CheckpointSide& side : sides) {
    const CoverageContext::Producers& producers = side.producers;
    if (producers.size() < 2) continue;
    sink.Report(
        {std::string(side.name)},
        [&] {
          std::vector<std::string> converters;
          for (const CoverageContext::Producer& producer : producers) {
            converters.push_back(DescribeConverter(
                context.converters().converters(producer.leaf)));
          }
          return absl::StrCat("checkpoint tensor ", side.name,
                              " is produced by ", producers.size(),
                              " converters (", absl::StrJoin(converters, "; "),
                              "): export fails on the second write and import "
                              "keeps one. Give each converter its own "
                              "checkpoint name in converters/",
                              context.converters().format(), ".");
        },
        [] { return std::vector<std::string>(); },
        // The later declaration, usually the one that lost its index.
        [&] { return context.SourceOf(producers.back().leaf); });
  }
}

}  // namespace

const Rule kCheckpointNameProducedTwice = {
    /*id=*/"checkpoint-name-produced-twice",
    /*severity=*/ERROR,
    /*summary=*/
    "two leaf converters produce the same checkpoint name",
    /*why=*/
    "Fast-LLM asserts that no output is produced twice, so export fails "
    "on the second write; on import its converters are keyed by their "
    "first checkpoint name, so one of them is silently dropped.",
    /*fix=*/
    "Give every converter its own checkpoint name; a prefix that lost "
    "its layer index is the usual cause.",
    /*check=*/nullptr,
    /*check_sides=*/&CheckSides};

}  // namespace weightwalk

#include "coverage/unconverted_parameter.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace weightwalk {
namespace {

// Where the converters of parameter `index`'s siblings were declared, the
// place its own converter belongs: the nearest parameter, in
// named_parameters() order, of its module (its name up to the last dot)
// that has a converter, else of its parent module. "" when none has.
std::string SiblingSource(const CoverageContext& context, int index) {
  const auto& parameters = context.parameters().parameters();
  absl::string_view module = parameters.Get(index).name();
  for (int level = 0; level < 2; ++level) {
    const size_t dot = module.rfind('.');
    if (dot == absl::string_view::npos) return "";
    module = module.substr(0, dot + 1);  // "decoder.0.mixer.query."
    // A module's parameters are adjacent: walk out both ways until
    // neither side is in it.
    for (int distance = 1;; ++distance) {
      bool inside = false;
      for (const int other : {index - distance, index + distance}) {
        if (other < 0 || other >= parameters.size() ||
            !absl::StartsWith(parameters.Get(other).name(), module)) {
          continue;
        }
        inside = true;
        const CoverageContext::Leaves& consumers =
            context.ConsumersOf(parameters.Get(other).name());
        if (consumers.empty()) continue;
        std::string source = context.SourceOf(consumers.front());
        if (!source.empty()) return source;
      }
      if (!inside) break;
    }
    module.remove_suffix(1);
  }
  return "";
}

void Check(const CoverageContext& context, FindingSink& sink) {
  const std::string& format = context.converters().format();
  absl::flat_hash_set<std::string> groups_seen;
  for (int index = 0; index < context.parameters().parameters_size(); ++index) {
    const Parameter& parameter = context.parameters().parameters(index);
    if (parameter.tied_group().empty()) {
      if (context.ConsumersOf(parameter.name()).empty()) {
        sink.Report(
            {parameter.name()},
            [&] {
              return absl::StrCat(
                  DescribeParameter(parameter),
                  " has no converter in format \"", format,
                  "\": its trained value is lost on export and import "
                  "cannot fill it. Add a leaf converter for it to "
                  "converters/",
                  format, ".");
            },
            [&] { return context.NearestPhantoms(parameter.name()); },
            [&] { return SiblingSource(context, index); });
      }
      continue;
    }
    if (!groups_seen.insert(parameter.tied_group()).second) continue;
    // Fast-LLM stores a tied group once, under its main copy: only a leaf
    // that runs and consumes the main copy exports the shared weight.
    const std::string& main = parameter.tied_group();
    const std::vector<const Parameter*>& members = context.TiedGroup(main);
    std::vector<std::string> names;
    std::vector<std::string> never_running;
    for (const Parameter* member : members) names.push_back(member->name());
    bool exported = false;
    for (const Parameter* member : members) {
      for (const int leaf : context.ConsumersOf(member->name())) {
        if (!context.NeverRuns(leaf)) {
          exported = exported || member->name() == main;
        } else if (never_running.empty() ||
                   never_running.back() != member->name()) {
          never_running.push_back(member->name());
        }
      }
    }
    if (exported) continue;
    std::string message =
        absl::StrCat("tied group ", main, " (", absl::StrJoin(names, ", "),
                     ") has no converter in format \"", format, "\"");
    if (!never_running.empty()) {
      absl::StrAppend(&message, " that runs: the converter of ",
                      absl::StrJoin(never_running, ", "),
                      " never does, because Fast-LLM stores the group once, "
                      "under its main copy ",
                      main, "; ");
    } else {
      absl::StrAppend(&message, ": ");
    }
    absl::StrAppend(&message,
                    "the shared weight is lost on export. Convert its main "
                    "copy ",
                    main, " in converters/", format, ".");
    sink.Report(names, std::move(message));
  }
}

}  // namespace

const Rule kUnconvertedParameter = {
    /*id=*/"unconverted-parameter",
    /*severity=*/ERROR,
    /*summary=*/
    "a parameter, or a tied group's main copy, that no leaf converter "
    "consumes",
    /*why=*/
    "Its trained value is lost on export (Fast-LLM fails after writing "
    "everything else), and import cannot fill it. A tied group counts "
    "as converted when its main copy is: Fast-LLM stores the group "
    "once, under its main copy, and never runs a converter of another "
    "member (so a checkpoint need not hold that converter's outputs "
    "either).",
    /*fix=*/
    "Add a leaf converter for the parameter to the format's package, or "
    "make the format reject the config that creates it.",
    /*check=*/&Check};

}  // namespace weightwalk

// Drift: weightwalk's manifests against what a real framework builds.
//
// A framework's CI dumps what its code builds (the README shows the Python)
// and weightwalk compares the dump with its own manifest, in both
// directions:
//
//   parameters  `named_parameters()`: names, order, shapes and tied groups.
//               Dumped as
//                 {"parameters": [["decoder.0.norm_1.weight", [256]], ...],
//                  "tied": {"get_tied_parameters": {MAIN: [MAIN, ...]}}}
//               (the layout of ../shared/fastllm-truth/params), or as a
//               plain {"name": [shape], ...} object, which has no tied
//               groups.
//   converters  the leaf weight converters in emission order. Dumped as
//                 {"meta": {"format": "llama"},
//                  "converters": [{"fastllm": [names], "hf": [names],
//                                  "converter": "KeyValueWeightConverter",
//                                  "fastllm_shapes": [[...]],
//                                  "hf_shapes": [[...]]}, ...]}
//               (../shared/fastllm-truth/converters); "meta", "converter"
//               and the shapes are optional, and "shape_error" says why a
//               converter has no shapes.
//
//   ASSIGN_OR_RETURN(ParameterDump dump, ParseParameterDump(json, path));
//   std::vector<Finding> differences = DiffParameters(manifest, dump);
//
// Each difference is a Finding whose rule says what kind it is
// ("drift-only-here", "drift-shape", ...), so a report groups repeated
// layers as coverage findings are grouped. A malformed dump is
// InvalidArgumentError naming the file, line and column.
#ifndef WEIGHTWALK_COVERAGE_DRIFT_H_
#define WEIGHTWALK_COVERAGE_DRIFT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/json.h"
#include "converters/converter_manifest.pb.h"
#include "coverage/finding.pb.h"
#include "model/parameter_manifest.pb.h"

namespace weightwalk {

using Shape = std::vector<int64_t>;

struct ParameterDump {
  // In `named_parameters()` order.
  std::vector<std::pair<std::string, Shape>> parameters;
  // Tied groups by main copy, each with its members (the main copy
  // included); unset when the dump does not say.
  std::optional<std::map<std::string, std::vector<std::string>>> tied;
};

struct DumpedConverter {
  std::vector<std::string> fast_llm;
  std::vector<std::string> checkpoint;
  // The framework's class, e.g. "SplitWeightConverter"; empty when not
  // dumped.
  std::string converter_class;
  // One shape per name on that side, when dumped.
  std::optional<std::vector<Shape>> fast_llm_shapes;
  std::optional<std::vector<Shape>> checkpoint_shapes;
  // Why the framework could not export shapes ("shape_error"), if it
  // could not.
  std::string shape_error;
};

struct ConverterDump {
  // The checkpoint format the dump says it is of; empty when not dumped.
  std::string format;
  std::vector<DumpedConverter> converters;
};

absl::StatusOr<ParameterDump> ParseParameterDump(const JsonValue& dump,
                                                 absl::string_view path);
absl::StatusOr<ConverterDump> ParseConverterDump(const JsonValue& dump,
                                                 absl::string_view path);

// The differences between a manifest and a dump, in the manifest's order,
// then the dump's.
std::vector<Finding> DiffParameters(const ParameterManifest& manifest,
                                    const ParameterDump& dump);
std::vector<Finding> DiffConverters(const ConverterManifest& manifest,
                                    const ConverterDump& dump);

// The transforms a framework converter class may stand for, e.g.
// "KeyValueWeightConverter" -> {KEY_VALUE_SPLIT}; empty for a class
// weightwalk does not know.
std::vector<TransformKind> TransformsOfClass(absl::string_view converter_class);

// The differences as terminal text (names escaped): one line per group of
// differences that differ only in layer indices, "  <message> (N
// differences)".
std::string RenderDifferences(const std::vector<Finding>& differences);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_DRIFT_H_

#include "coverage/drift.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "base/terminal.h"
#include "coverage/report.h"

namespace weightwalk {
namespace {

absl::Status DumpError(absl::string_view path, const JsonValue& at,
                       absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ":", at.line(), ":", at.column(), ": ", problem));
}

absl::StatusOr<Shape> ParseShape(const JsonValue& value, absl::string_view path,
                                 absl::string_view name) {
  if (!value.is_array()) {
    return DumpError(
        path, value,
        absl::StrCat("the shape of \"", name, "\" must be an array of sizes"));
  }
  Shape shape;
  for (const JsonValue& size : value.elements()) {
    if (!size.is_number() || !size.is_integer() || size.integer() < 0) {
      return DumpError(path, size,
                       absl::StrCat("the shape of \"", name,
                                    "\" must hold non-negative integers"));
    }
    shape.push_back(size.integer());
  }
  return shape;
}

absl::StatusOr<std::vector<std::string>> ParseNames(const JsonValue& value,
                                                    absl::string_view path,
                                                    absl::string_view what) {
  if (!value.is_array()) {
    return DumpError(path, value,
                     absl::StrCat(what, " must be an array of names"));
  }
  std::vector<std::string> names;
  for (const JsonValue& name : value.elements()) {
    if (!name.is_string()) {
      return DumpError(path, name,
                       absl::StrCat(what, " must hold strings, not ",
                                    JsonValue::TypeName(name.type())));
    }
    names.push_back(name.text());
  }
  return names;
}

// `{"get_tied_parameters": {main: [names]}}`; other members (Fast-LLM's
// dump adds lists of identity-shared names) are not groups and are skipped.
absl::StatusOr<std::map<std::string, std::vector<std::string>>> ParseTied(
    const JsonValue& tied, absl::string_view path) {
  if (!tied.is_object()) {
    return DumpError(path, tied, "\"tied\" must be an object");
  }
  const JsonValue* groups = tied.Find("get_tied_parameters");
  if (groups == nullptr) {
    return DumpError(path, tied,
                     "\"tied\" must have \"get_tied_parameters\", an object "
                     "{main copy: [names]}");
  }
  if (!groups->is_object()) {
    return DumpError(path, *groups,
                     "\"get_tied_parameters\" must be an object {main copy: "
                     "[names]}");
  }
  std::map<std::string, std::vector<std::string>> result;
  for (const auto& [main, members] : groups->members()) {
    ASSIGN_OR_RETURN(
        result[main],
        ParseNames(members, path,
                   absl::StrCat("the tied group of \"", main, "\"")));
  }
  return result;
}

std::string FormatShape(const Shape& shape) {
  return absl::StrCat("[", absl::StrJoin(shape, ", "), "]");
}

template <typename Sizes>
Shape ToShape(const Sizes& sizes) {
  return Shape(sizes.begin(), sizes.end());
}

Finding Difference(absl::string_view kind, std::vector<std::string> subjects,
                   std::string message) {
  Finding finding;
  finding.set_rule(absl::StrCat("drift-", kind));
  finding.set_severity(ERROR);
  for (std::string& subject : subjects)
    finding.add_subjects(std::move(subject));
  finding.set_message(std::move(message));
  return finding;
}

// The first place two sequences of the same keys are in different orders,
// compared over the keys both have; `describe` says what position `i` is.
template <typename Describe>
void DiffOrder(const std::vector<std::string>& here,
               const std::vector<std::string>& there, Describe describe,
               std::vector<Finding>& out) {
  absl::flat_hash_set<std::string> in_here(here.begin(), here.end());
  absl::flat_hash_set<std::string> in_there(there.begin(), there.end());
  std::vector<std::string> common_here, common_there;
  for (const std::string& key : here) {
    if (in_there.contains(key)) common_here.push_back(key);
  }
  for (const std::string& key : there) {
    if (in_here.contains(key)) common_there.push_back(key);
  }
  for (size_t i = 0; i < common_here.size() && i < common_there.size(); ++i) {
    if (common_here[i] != common_there[i]) {
      out.push_back(Difference(
          "order", {common_here[i]},
          absl::StrCat("order differs: ", describe(i), " is ", common_here[i],
                       " here and ", common_there[i], " in the dump")));
      return;
    }
  }
}

// Tied groups of a manifest: main copy -> members in manifest order.
std::map<std::string, std::vector<std::string>> ManifestGroups(
    const ParameterManifest& manifest) {
  std::map<std::string, std::vector<std::string>> groups;
  for (const Parameter& parameter : manifest.parameters()) {
    if (!parameter.tied_group().empty()) {
      groups[parameter.tied_group()].push_back(parameter.name());
    }
  }
  return groups;
}

void DiffTiedGroups(const std::map<std::string, std::vector<std::string>>& here,
                    const std::map<std::string, std::vector<std::string>>& dump,
                    std::vector<Finding>& out) {
  const auto sorted = [](std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return names;
  };
  const auto members = [](const std::vector<std::string>& names) {
    return absl::StrCat("{", absl::StrJoin(names, ", "), "}");
  };
  for (const auto& [main, names] : here) {
    const auto it = dump.find(main);
    if (it == dump.end()) {
      out.push_back(Difference("tied-group", {main},
                               absl::StrCat("tied group only here: ", main,
                                            " ties ", members(names))));
    } else if (sorted(names) != sorted(it->second)) {
      out.push_back(Difference(
          "tied-group", {main},
          absl::StrCat("tied group differs: ", main, " ties ", members(names),
                       " here and ", members(it->second), " in the dump")));
    }
  }
  for (const auto& [main, names] : dump) {
    if (here.count(main) == 0) {
      out.push_back(Difference("tied-group", {main},
                               absl::StrCat("tied group only in the dump: ",
                                            main, " ties ", members(names))));
    }
  }
}

// "a, b -> c, d": a converter by its names.
std::string Describe(const std::vector<std::string>& fast_llm,
                     const std::vector<std::string>& checkpoint) {
  return absl::StrCat(absl::StrJoin(fast_llm, ", "), " -> ",
                      absl::StrJoin(checkpoint, ", "));
}

std::vector<std::string> Names(
    const google::protobuf::RepeatedPtrField<Tensor>& tensors) {
  std::vector<std::string> names;
  for (const Tensor& tensor : tensors) names.push_back(tensor.name());
  return names;
}

// Shapes of one side of a matched converter.
void DiffSideShapes(absl::string_view side, const WeightConverter& converter,
                    const google::protobuf::RepeatedPtrField<Tensor>& here,
                    const std::optional<std::vector<Shape>>& dumped,
                    std::vector<Finding>& out) {
  const std::string& subject = converter.fast_llm(0).name();
  if (!dumped.has_value()) return;
  if (dumped->size() != static_cast<size_t>(here.size())) {
    out.push_back(Difference(
        "shape", {subject},
        absl::StrCat("shape differs: the converter of ", subject, " has ",
                     here.size(), " ", side, " shapes here and ",
                     dumped->size(), " in the dump")));
    return;
  }
  for (int i = 0; i < here.size(); ++i) {
    const Shape shape = ToShape(here[i].shape());
    if (shape != (*dumped)[i]) {
      out.push_back(Difference(
          "shape", {here[i].name()},
          absl::StrCat(
              "shape differs: ", side, " ", here[i].name(), " is ",
              converter.shape_error().empty()
                  ? FormatShape(shape)
                  : absl::StrCat("unknown (", converter.shape_error(), ")"),
              " here, ", FormatShape((*dumped)[i]), " in the dump")));
    }
  }
}

void DiffMatchedConverter(const WeightConverter& here,
                          const DumpedConverter& dump,
                          std::vector<Finding>& out) {
  const std::vector<std::string> checkpoint = Names(here.checkpoint());
  const std::string& subject = here.fast_llm(0).name();
  if (checkpoint != dump.checkpoint) {
    out.push_back(Difference(
        "checkpoint-names", {subject},
        absl::StrCat(
            "checkpoint names differ: ", absl::StrJoin(dump.fast_llm, ", "),
            " exports ", absl::StrJoin(checkpoint, ", "), " here and ",
            absl::StrJoin(dump.checkpoint, ", "), " in the dump")));
  }
  if (!dump.converter_class.empty()) {
    const std::vector<TransformKind> kinds =
        TransformsOfClass(dump.converter_class);
    if (std::find(kinds.begin(), kinds.end(), here.transform()) ==
        kinds.end()) {
      out.push_back(Difference(
          "transform", {subject},
          absl::StrCat(
              "transform differs: the converter of ", subject, " is ",
              TransformKind_Name(here.transform()), " here and ",
              dump.converter_class, " in the dump",
              kinds.empty() ? " (a class weightwalk does not know)" : "")));
    }
  }
  if (!dump.shape_error.empty() && here.shape_error().empty()) {
    out.push_back(
        Difference("shape", {subject},
                   absl::StrCat("shape differs: the converter of ", subject,
                                " exports shapes here; in the dump it cannot: ",
                                dump.shape_error)));
  }
  DiffSideShapes("Fast-LLM", here, here.fast_llm(), dump.fast_llm_shapes, out);
  if (checkpoint == dump.checkpoint) {
    DiffSideShapes("checkpoint", here, here.checkpoint(),
                   dump.checkpoint_shapes, out);
  }
}

}  // namespace

absl::StatusOr<ParameterDump> ParseParameterDump(const JsonValue& dump,
                                                 absl::string_view path) {
  if (!dump.is_object()) {
    return DumpError(path, dump,
                     "the dump must be a JSON object: {\"parameters\": "
                     "[[name, shape], ...], \"tied\": {...}} or {name: shape}");
  }
  ParameterDump result;
  const JsonValue* listed = dump.Find("parameters");
  const bool is_list =
      listed != nullptr && listed->is_array() &&
      (listed->elements().empty() || listed->elements().front().is_array());
  if (!is_list) {
    for (const auto& [name, shape] : dump.members()) {
      ASSIGN_OR_RETURN(Shape sizes, ParseShape(shape, path, name));
      result.parameters.emplace_back(name, std::move(sizes));
    }
    return result;
  }
  absl::flat_hash_set<std::string> seen;
  for (const JsonValue& entry : listed->elements()) {
    if (!entry.is_array() || entry.elements().size() != 2 ||
        !entry.elements()[0].is_string()) {
      return DumpError(path, entry,
                       "each of \"parameters\" must be [name, shape]");
    }
    const std::string& name = entry.elements()[0].text();
    if (!seen.insert(name).second) {
      return DumpError(
          path, entry,
          absl::StrCat("parameter \"", name, "\" is listed twice"));
    }
    ASSIGN_OR_RETURN(Shape sizes, ParseShape(entry.elements()[1], path, name));
    result.parameters.emplace_back(name, std::move(sizes));
  }
  if (const JsonValue* tied = dump.Find("tied")) {
    ASSIGN_OR_RETURN(result.tied, ParseTied(*tied, path));
  }
  return result;
}

absl::StatusOr<ConverterDump> ParseConverterDump(const JsonValue& dump,
                                                 absl::string_view path) {
  const JsonValue* converters = dump.Find("converters");
  if (!dump.is_object() || converters == nullptr || !converters->is_array()) {
    return DumpError(path, dump,
                     "the dump must be a JSON object with \"converters\": "
                     "[{\"fastllm\": [names], \"hf\": [names], ...}, ...]");
  }
  ConverterDump result;
  if (const JsonValue* meta = dump.Find("meta")) {
    const JsonValue* format = meta->Find("format");
    if (format != nullptr && !format->is_string()) {
      return DumpError(path, *format, "\"meta\".\"format\" must be a string");
    }
    if (format != nullptr) result.format = format->text();
  }
  for (const JsonValue& entry : converters->elements()) {
    if (!entry.is_object()) {
      return DumpError(path, entry, "each converter must be an object");
    }
    DumpedConverter& converter = result.converters.emplace_back();
    const JsonValue* fast_llm = entry.Find("fastllm");
    const JsonValue* hf = entry.Find("hf");
    if (fast_llm == nullptr || hf == nullptr) {
      return DumpError(path, entry,
                       "a converter must have \"fastllm\" and \"hf\" names");
    }
    ASSIGN_OR_RETURN(converter.fast_llm,
                     ParseNames(*fast_llm, path, "\"fastllm\""));
    ASSIGN_OR_RETURN(converter.checkpoint, ParseNames(*hf, path, "\"hf\""));
    if (converter.fast_llm.empty()) {
      return DumpError(path, *fast_llm,
                       "a converter must consume at least one name");
    }
    if (const JsonValue* cls = entry.Find("converter")) {
      if (!cls->is_string()) {
        return DumpError(path, *cls, "\"converter\" must be a class name");
      }
      converter.converter_class = cls->text();
    }
    if (const JsonValue* error = entry.Find("shape_error")) {
      if (!error->is_string()) {
        return DumpError(path, *error, "\"shape_error\" must be a string");
      }
      converter.shape_error = error->text();
      continue;
    }
    const auto shapes =
        [&](absl::string_view key, const std::vector<std::string>& names,
            std::optional<std::vector<Shape>>& into) -> absl::Status {
      const JsonValue* value = entry.Find(key);
      if (value == nullptr) return absl::OkStatus();
      if (!value->is_array() || value->elements().size() != names.size()) {
        return DumpError(path, *value,
                         absl::StrCat("\"", key, "\" must be one shape per ",
                                      "name (", names.size(), ")"));
      }
      into.emplace();
      for (size_t i = 0; i < names.size(); ++i) {
        ASSIGN_OR_RETURN(Shape shape,
                         ParseShape(value->elements()[i], path, names[i]));
        into->push_back(std::move(shape));
      }
      return absl::OkStatus();
    };
    RETURN_IF_ERROR(shapes("fastllm_shapes", converter.fast_llm,
                           converter.fast_llm_shapes));
    RETURN_IF_ERROR(
        shapes("hf_shapes", converter.checkpoint, converter.checkpoint_shapes));
  }
  return result;
}

std::vector<Finding> DiffParameters(const ParameterManifest& manifest,
                                    const ParameterDump& dump) {
  std::vector<Finding> out;
  absl::flat_hash_map<std::string, const Shape*> in_dump;
  for (const auto& [name, shape] : dump.parameters) in_dump[name] = &shape;
  absl::flat_hash_set<std::string> here;
  std::vector<std::string> here_order, dump_order;
  for (const Parameter& parameter : manifest.parameters()) {
    here.insert(parameter.name());
    here_order.push_back(parameter.name());
    const Shape shape = ToShape(parameter.shape());
    const auto it = in_dump.find(parameter.name());
    if (it == in_dump.end()) {
      out.push_back(Difference(
          "only-here", {parameter.name()},
          absl::StrCat("only in the model library: ", parameter.name(), " ",
                       FormatShape(shape))));
    } else if (*it->second != shape) {
      out.push_back(
          Difference("shape", {parameter.name()},
                     absl::StrCat("shape differs: ", parameter.name(), " is ",
                                  FormatShape(shape), " here, ",
                                  FormatShape(*it->second), " in the dump")));
    }
  }
  for (const auto& [name, shape] : dump.parameters) {
    dump_order.push_back(name);
    if (!here.contains(name)) {
      out.push_back(Difference(
          "only-in-dump", {name},
          absl::StrCat("only in the dump: ", name, " ", FormatShape(shape))));
    }
  }
  DiffOrder(
      here_order, dump_order,
      [](size_t i) { return absl::StrCat("parameter #", i); }, out);
  if (dump.tied.has_value()) {
    DiffTiedGroups(ManifestGroups(manifest), *dump.tied, out);
  }
  return out;
}

std::vector<Finding> DiffConverters(const ConverterManifest& manifest,
                                    const ConverterDump& dump) {
  std::vector<Finding> out;
  if (!dump.format.empty() && dump.format != manifest.format()) {
    out.push_back(
        Difference("format", {},
                   absl::StrCat("format differs: ", manifest.format(),
                                " here and ", dump.format, " in the dump")));
  }
  // Converters match by the Fast-LLM names they consume: the n-th converter
  // of some names here with the n-th of the same names in the dump.
  absl::flat_hash_map<std::string, std::vector<size_t>> in_dump;
  std::vector<std::string> dump_keys;
  for (size_t i = 0; i < dump.converters.size(); ++i) {
    dump_keys.push_back(absl::StrJoin(dump.converters[i].fast_llm, ", "));
    in_dump[dump_keys.back()].push_back(i);
  }
  std::vector<bool> dump_matched(dump.converters.size(), false);
  absl::flat_hash_map<std::string, size_t> seen_here;
  std::vector<std::string> here_order, dump_order;
  for (const WeightConverter& converter : manifest.converters()) {
    const std::vector<std::string> fast_llm = Names(converter.fast_llm());
    const std::string key = absl::StrJoin(fast_llm, ", ");
    const size_t occurrence = seen_here[key]++;
    const auto it = in_dump.find(key);
    if (fast_llm.empty() || it == in_dump.end() ||
        occurrence >= it->second.size()) {
      out.push_back(Difference(
          "only-here", fast_llm,
          absl::StrCat("converter only here: ",
                       Describe(fast_llm, Names(converter.checkpoint())))));
      continue;
    }
    const size_t index = it->second[occurrence];
    dump_matched[index] = true;
    here_order.push_back(absl::StrCat(key, " #", occurrence));
    DiffMatchedConverter(converter, dump.converters[index], out);
  }
  absl::flat_hash_map<std::string, size_t> seen_dump;
  for (size_t i = 0; i < dump.converters.size(); ++i) {
    const DumpedConverter& converter = dump.converters[i];
    const size_t occurrence = seen_dump[dump_keys[i]]++;
    if (dump_matched[i]) {
      dump_order.push_back(absl::StrCat(dump_keys[i], " #", occurrence));
      continue;
    }
    out.push_back(Difference(
        "only-in-dump", converter.fast_llm,
        absl::StrCat("converter only in the dump: ",
                     Describe(converter.fast_llm, converter.checkpoint))));
  }
  DiffOrder(
      here_order, dump_order,
      [](size_t i) { return absl::StrCat("converter #", i); }, out);
  return out;
}

std::vector<TransformKind> TransformsOfClass(
    absl::string_view converter_class) {
  // Fast-LLM's leaf classes (fast_llm/engine/checkpoint/external.py and the
  // format modules) and the transform each performs on export.
  static const auto* const kClasses =
      new absl::flat_hash_map<std::string, std::vector<TransformKind>>{
          {"WeightConverter", {RENAME}},
          {"SplitWeightConverter", {SPLIT}},
          {"KeyValueWeightConverter", {KEY_VALUE_SPLIT}},
          {"TransposeSplitWeightConverter", {TRANSPOSE_SPLIT}},
          {"OutputProjectionWeightConverter", {OUTPUT_PROJECTION}},
          {"PatchEmbeddingWeightConverter", {PATCH_EMBEDDING_RESHAPE}},
          // K and V split, or K alone renamed when `shared_key_value`.
          {"_Gemma4SharedKeyValueWeightConverter", {KEY_VALUE_SPLIT, RENAME}},
          {"Gemma4MoELayer1Converter", {MOE_LAYER_1_RESHAPE}},
          {"Gemma4MoELayer2Converter", {MOE_LAYER_2_RESHAPE_PERMUTE}},
      };
  const auto it = kClasses->find(converter_class);
  return it == kClasses->end() ? std::vector<TransformKind>{} : it->second;
}

std::string RenderDifferences(const std::vector<Finding>& differences) {
  CoverageReport report;
  for (const Finding& finding : differences) *report.add_findings() = finding;
  std::string text;
  for (const FindingGroup& group : GroupFindings(report)) {
    absl::StrAppend(&text, "  ", EscapeForTerminal(group.message));
    if (group.findings.size() > 1) {
      absl::StrAppend(&text, " (", group.findings.size(), " differences)");
    }
    absl::StrAppend(&text, "\n");
  }
  return text;
}

}  // namespace weightwalk

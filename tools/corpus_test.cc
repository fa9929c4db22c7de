// weightwalk against the real Fast-LLM on the differential corpus
// (fixtures/corpus, written by tools/fastllm/corpus.py): random models of
// all 13 formats, each with what Fast-LLM did with it. For every case,
// weightwalk must agree on
//   build       whether the config gives a model at all;
//   parameters  named_parameters(), shapes and tied groups;
//   converters  whether the format's converters can be made, and each leaf
//               (names, transform, exported shapes);
//   export      whether the config exports, and the config.json it writes;
//   save        whether the model saves (its config exports and its weights
//               convert): Fast-LLM's save fails exactly when weightwalk's
//               export fails or its rules find an error in the manifests,
//               and weightwalk writes the tensors Fast-LLM writes;
//   load        whether what Fast-LLM saved loads: `weightwalk check` of
//               Fast-LLM's config.json and tensors is clean exactly when
//               Fast-LLM loads them.
// A case where weightwalk deliberately differs is listed, with why, in
// fixtures/corpus/exceptions.txt; an exception that no longer differs fails
// the test too.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/json.h"
#include "checkpoint/checkpoint_manifest.pb.h"
#include "converters/format.h"
#include "converters/hf/hf_config.h"
#include "converters/manifest.h"
#include "coverage/context.h"
#include "coverage/drift.h"
#include "coverage/registry.h"
#include "gtest/gtest.h"
#include "tools/fastllm_truth.h"
#include "tools/pipeline.h"

namespace weightwalk {
namespace {

constexpr char kCorpus[] = "fixtures/corpus";

// Why each aspect of a case disagrees; empty when all agree.
using Disagreements = std::map<std::string, std::string>;

std::string Summary(const std::vector<Finding>& differences) {
  std::string text;
  for (size_t i = 0; i < differences.size() && i < 3; ++i) {
    absl::StrAppend(&text, i ? "; " : "", differences[i].message());
  }
  if (differences.size() > 3) {
    absl::StrAppend(&text, "; ... (", differences.size(), " in all)");
  }
  return text;
}

// The error findings of `report`, but `except_rule`'s.
std::string ErrorFindings(const CoverageReport& report,
                          absl::string_view except_rule = "") {
  std::vector<std::string> rules;
  for (const Finding& finding : report.findings()) {
    if (finding.severity() == ERROR && !finding.suppressed() &&
        finding.rule() != except_rule) {
      rules.push_back(absl::StrCat(finding.rule(), " ", finding.subjects(0)));
    }
  }
  return absl::StrJoin(rules, ", ");
}

// The tensors weightwalk's converters write: each leaf that runs, its
// outputs.
std::map<std::string, std::vector<int64_t>> Written(
    const ParameterManifest& parameters, const ConverterManifest& converters) {
  CoverageContext context(parameters, converters);
  std::map<std::string, std::vector<int64_t>> written;
  for (int i = 0; i < converters.converters_size(); ++i) {
    if (context.NeverRuns(i)) continue;
    bool inputs_exist = true;
    for (const Tensor& input : converters.converters(i).fast_llm()) {
      inputs_exist = inputs_exist && context.FindParameter(input.name());
    }
    if (!inputs_exist) continue;
    for (const Tensor& output : converters.converters(i).checkpoint()) {
      written[output.name()] = {output.shape().begin(), output.shape().end()};
    }
  }
  return written;
}

void CheckParameters(const FixtureModel& model, const JsonValue& truth,
                     Disagreements& out) {
  absl::StatusOr<ParameterDump> parameters = ParseParameterDump(truth, "truth");
  if (!parameters.ok()) {
    out["parameters"] = std::string(parameters.status().message());
  } else if (const std::vector<Finding> differences =
                 DiffParameters(model.parameters, *parameters);
             !differences.empty()) {
    out["parameters"] = Summary(differences);
  }
}

// The converters weightwalk builds, compared with Fast-LLM's.
absl::StatusOr<ConverterManifest> CheckConverters(const FixtureModel& model,
                                                  const std::string& format,
                                                  const JsonValue& truth,
                                                  Disagreements& out) {
  absl::StatusOr<const Format*> found = FindFormat(format);
  if (!found.ok()) {
    out["converters"] = std::string(found.status().message());
    return found.status();
  }
  absl::StatusOr<ConverterManifest> converters = BuildConverterManifest(
      **found, model.resolved, model.parameters, model.fixture.name);
  if (const JsonValue* error = truth.Find("converters_error")) {
    if (converters.ok()) {
      out["converters"] = absl::StrCat("Fast-LLM has no converters (",
                                       error->text(), ") but weightwalk has");
    }
  } else if (!converters.ok()) {
    out["converters"] = absl::StrCat("Fast-LLM has converters, weightwalk: ",
                                     converters.status().message());
  } else {
    absl::StatusOr<ConverterDump> dump =
        ParseConverterDump(*truth.Find("converters"), "truth");
    if (!dump.ok()) {
      out["converters"] = std::string(dump.status().message());
    } else if (const std::vector<Finding> differences =
                   DiffConverters(*converters, *dump);
               !differences.empty()) {
      out["converters"] = Summary(differences);
    }
  }
  return converters;
}

// Whether the config exports, as Fast-LLM's export does.
absl::StatusOr<std::string> CheckExport(const FixtureModel& model,
                                        const std::string& format,
                                        const JsonValue& truth,
                                        Disagreements& out) {
  absl::StatusOr<std::string> exported =
      ExportHfConfig(model.fixture.model, format);
  if (const JsonValue* error = truth.Find("export_error")) {
    if (exported.ok()) {
      out["export"] = absl::StrCat("Fast-LLM cannot export it (", error->text(),
                                   ") but weightwalk does");
    }
  } else if (!exported.ok()) {
    out["export"] = absl::StrCat("Fast-LLM exports it, weightwalk: ",
                                 exported.status().message());
  }
  return exported;
}

// Fast-LLM's save writes the config first (save_metadata), then the
// weights: it saves when both go through.
void CheckSave(const FixtureModel& model, const ConverterManifest& converters,
               const absl::StatusOr<std::string>& exported,
               const JsonValue& truth, Disagreements& out) {
  // A converter naming a parameter the model lacks never runs, so it does
  // not stop a save; weightwalk reports it all the same, as Fast-LLM's own
  // weight-coverage test (#527) does.
  const CoverageReport report =
      RunRules(CoverageContext(model.parameters, converters), nullptr);
  const std::string errors = ErrorFindings(report, "phantom-parameter");
  const JsonValue* export_error = truth.Find("export_error");
  const JsonValue* save_error = truth.Find("save_error");
  const bool fastllm_saves = export_error == nullptr && save_error == nullptr;
  const bool weightwalk_saves = exported.ok() && errors.empty();
  if (fastllm_saves && !weightwalk_saves) {
    out["save"] =
        absl::StrCat("Fast-LLM saves it, weightwalk: ",
                     errors.empty() ? exported.status().message() : errors);
  } else if (!fastllm_saves && weightwalk_saves) {
    out["save"] = absl::StrCat(
        "Fast-LLM cannot save it (",
        (save_error != nullptr ? save_error : export_error)->text(),
        ") but weightwalk finds nothing");
  }
  if (truth.Find("saved") == nullptr || save_error != nullptr) return;
  std::map<std::string, std::vector<int64_t>> fastllm;
  for (const JsonValue& entry : truth.Find("saved")->elements()) {
    std::vector<int64_t>& shape = fastllm[entry.elements()[0].text()];
    for (const JsonValue& size : entry.elements()[1].elements()) {
      shape.push_back(size.integer());
    }
  }
  if (fastllm != Written(model.parameters, converters)) {
    out["saved tensors"] =
        "weightwalk writes other tensors than Fast-LLM saves";
  }
}

// Whether `weightwalk check` of what Fast-LLM saved agrees with Fast-LLM's
// load of it.
void CheckLoad(const JsonValue& truth, Disagreements& out) {
  if (truth.Find("config_json") == nullptr || truth.Find("saved") == nullptr) {
    return;
  }
  const bool fastllm_loads = truth.Find("load_ok") != nullptr;
  absl::StatusOr<CoverageReport> report = CheckFastLlmSave(truth, "case");
  const std::string problem = report.ok()
                                  ? ErrorFindings(*report)
                                  : std::string(report.status().message());
  if (fastllm_loads && !problem.empty()) {
    out["load"] =
        absl::StrCat("Fast-LLM loads what it saved, weightwalk: ", problem);
  } else if (!fastllm_loads && problem.empty()) {
    out["load"] = absl::StrCat("Fast-LLM cannot load what it saved (",
                               truth.Find("load_error")->text(),
                               ") but `weightwalk check` is clean");
  }
}

Disagreements CheckCase(const std::string& config_path,
                        const JsonValue& truth) {
  Disagreements out;
  const std::string format = truth.Find("format")->text();
  absl::StatusOr<FixtureModel> model = LoadFixtureModel(config_path);
  if (truth.Find("build_error") != nullptr) {
    if (model.ok()) {
      out["build"] = absl::StrCat("Fast-LLM cannot build it (",
                                  truth.Find("build_error")->text(),
                                  ") but weightwalk does");
    }
    return out;
  }
  if (!model.ok()) {
    out["build"] = absl::StrCat("Fast-LLM builds it, weightwalk: ",
                                model.status().message());
    return out;
  }
  CheckParameters(*model, truth, out);
  absl::StatusOr<ConverterManifest> converters =
      CheckConverters(*model, format, truth, out);
  if (!converters.ok() && out.count("converters") != 0 &&
      !FindFormat(format).ok()) {
    return out;
  }
  const absl::StatusOr<std::string> exported =
      CheckExport(*model, format, truth, out);
  if (converters.ok()) CheckSave(*model, *converters, exported, truth, out);
  CheckLoad(truth, out);
  return out;
}

// fixtures/corpus/exceptions.txt: "<format>/<nnn> <aspect> <why>" lines.
std::map<std::string, std::string> Exceptions() {
  std::map<std::string, std::string> exceptions;
  std::ifstream file(absl::StrCat(kCorpus, "/exceptions.txt"));
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> parts =
        absl::StrSplit(line, absl::MaxSplits(' ', 2));
    if (parts.size() == 3) {
      exceptions[absl::StrCat(parts[0], " ", parts[1])] = parts[2];
    }
  }
  return exceptions;
}

TEST(CorpusTest, WeightwalkAgreesWithFastLlmOnEveryCase) {
  const std::map<std::string, std::string> exceptions = Exceptions();
  std::set<std::string> excepted;
  std::map<std::string, std::pair<int, int>> per_format;  // agree, all
  std::vector<std::string> failures;
  int cases = 0;
  std::vector<std::filesystem::path> paths;
  for (const auto& format : std::filesystem::directory_iterator(kCorpus)) {
    if (!format.is_directory()) continue;
    for (const auto& file : std::filesystem::directory_iterator(format)) {
      if (file.path().extension() == ".yaml") paths.push_back(file.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  for (const std::filesystem::path& path : paths) {
    const std::string id = absl::StrCat(path.parent_path().filename().string(),
                                        "/", path.stem().string());
    absl::StatusOr<JsonValue> truth = ReadTruth(path.string());
    ASSERT_TRUE(truth.ok()) << truth.status();
    ++cases;
    const Disagreements disagreements = CheckCase(path.string(), *truth);
    bool agrees = true;
    for (const auto& [aspect, why] : disagreements) {
      const std::string key = absl::StrCat(id, " ", aspect);
      if (exceptions.count(key)) {
        excepted.insert(key);
        continue;
      }
      agrees = false;
      failures.push_back(absl::StrCat(id, " ", aspect, ": ", why));
    }
    auto& [agree, all] = per_format[path.parent_path().filename().string()];
    agree += agrees;
    ++all;
  }
  for (const auto& [key, why] : exceptions) {
    if (!excepted.count(key)) {
      failures.push_back(absl::StrCat(key, ": listed as an exception (", why,
                                      ") but weightwalk now agrees"));
    }
  }
  std::string table;
  for (const auto& [format, counts] : per_format) {
    absl::StrAppend(&table, "  ", format, ": ", counts.first, "/",
                    counts.second, " agree\n");
  }
  std::printf("%d cases, %zu exceptions listed\n%s", cases, exceptions.size(),
              table.c_str());
  EXPECT_GE(cases, 500);
  EXPECT_TRUE(failures.empty()) << failures.size() << " disagreements:\n"
                                << absl::StrJoin(failures, "\n");
}

}  // namespace
}  // namespace weightwalk

// Fast-LLM's own bugs as documented cases (fixtures/upstream, explained in
// docs/FASTLLM.md): each is a Fast-LLM config whose real Fast-LLM run is
// recorded beside it (<case>.truth.json, tools/fastllm/corpus.py record),
// and what weightwalk says of it is checked against <case>.expected.txt:
//   - `weightwalk coverage` of the config (its warnings, its findings or
//     its error), and
//   - `weightwalk check` of the checkpoint Fast-LLM saved, when it saved
//     one.
// Each case must also show the bug in the recording: Fast-LLM fails to
// build, export, save or load it (or, for a config Fast-LLM reads other
// than it is written, weightwalk warns).
//
// `./bazelw run //tools:upstream_test` rewrites the expected files from
// what weightwalk says now, for review in the diff.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/textproto.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "coverage/report.h"
#include "gtest/gtest.h"
#include "tools/converter_pipeline.h"
#include "tools/fastllm_truth.h"
#include "tools/pipeline.h"

namespace weightwalk {
namespace {

constexpr char kUpstream[] = "fixtures/upstream";

// `report` without the lines of weightwalk's own code its findings point
// at: the expected files must not change when a line of a format moves.
CoverageReport WithoutLocations(CoverageReport report) {
  for (Finding& finding : *report.mutable_findings()) {
    if (absl::StartsWith(finding.location(), "converters/")) {
      finding.clear_location();
    }
  }
  return report;
}

std::string Report(const std::string& path, const JsonValue& truth) {
  std::string text = absl::StrCat("# weightwalk coverage ", path, "\n");
  absl::StatusOr<FixtureModel> model = LoadFixtureModel(path);
  if (!model.ok()) {
    absl::StrAppend(&text, "error: ", model.status().message(), "\n");
  } else {
    for (const std::string& warning : model->fixture.warnings) {
      absl::StrAppend(&text, "warning: ", warning, "\n");
    }
    absl::StatusOr<ConverterManifest> converters =
        BuildFixtureConverters(*model, "");
    if (!converters.ok()) {
      absl::StrAppend(&text, "error: ", converters.status().message(), "\n");
    } else {
      absl::StrAppend(
          &text,
          RenderText(WithoutLocations(RunRules(
              CoverageContext(model->parameters, *converters), nullptr))));
    }
  }
  if (truth.Find("saved") != nullptr && truth.Find("config_json") != nullptr) {
    absl::StrAppend(&text,
                    "# weightwalk check of the checkpoint Fast-LLM saved\n");
    absl::StatusOr<CoverageReport> report =
        CheckFastLlmSave(truth, model.ok() ? model->fixture.name : "case");
    absl::StrAppend(
        &text, report.ok()
                   ? RenderText(WithoutLocations(*report))
                   : absl::StrCat("error: ", report.status().message(), "\n"));
  }
  return text;
}

// What went wrong in Fast-LLM's own run, or "" when nothing did.
std::string FastLlmFailure(const JsonValue& truth) {
  for (const char* key : {"build_error", "converters_error", "export_error",
                          "save_error", "load_error"}) {
    if (const JsonValue* error = truth.Find(key)) {
      return absl::StrCat(key, ": ", error->text());
    }
  }
  return "";
}

TEST(UpstreamTest, EachFastLlmBugIsReportedAsExpected) {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  std::vector<std::filesystem::path> cases;
  for (const auto& entry : std::filesystem::directory_iterator(kUpstream)) {
    if (entry.path().extension() == ".yaml") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 5u);
  for (const std::filesystem::path& path : cases) {
    SCOPED_TRACE(path.string());
    absl::StatusOr<JsonValue> truth = ReadTruth(path.string());
    ASSERT_TRUE(truth.ok()) << truth.status();
    const std::string actual = Report(path.string(), *truth);
    std::filesystem::path expected_path = path;
    expected_path.replace_extension(".expected.txt");
    if (workspace != nullptr) {
      std::ofstream(std::filesystem::path(workspace) / expected_path) << actual;
      continue;
    }
    absl::StatusOr<std::string> expected = ReadFile(expected_path.string());
    ASSERT_TRUE(expected.ok()) << expected.status();
    EXPECT_EQ(actual, *expected)
        << "update with ./bazelw run //tools:upstream_test and review the diff";
    // The bug shows in Fast-LLM's own run, or as a weightwalk warning.
    EXPECT_TRUE(!FastLlmFailure(*truth).empty() ||
                actual.find("\nwarning: ") != std::string::npos)
        << "Fast-LLM's recorded run shows no failure";
  }
}

}  // namespace
}  // namespace weightwalk

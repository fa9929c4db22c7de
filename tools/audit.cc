#include "tools/audit.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "base/terminal.h"
#include "base/textproto.h"
#include "converters/converter_manifest.pb.h"
#include "coverage/context.h"
#include "coverage/registry.h"
#include "coverage/report.h"
#include "coverage/sarif.h"
#include "coverage/suppressions.h"
#include "google/protobuf/util/json_util.h"
#include "tools/converter_pipeline.h"
#include "tools/pipeline.h"

namespace weightwalk {
namespace {

// The suppressions that apply to a fixture by convention:
// <fixtures dir>/suppressions/<fixture>.textproto, when it exists (as the
// Bazel macro does).
std::vector<std::string> ConventionalSuppressions(
    const std::string& path, const LoadedFixture& fixture) {
  const std::filesystem::path candidate =
      std::filesystem::path(path).parent_path() / "suppressions" /
      (fixture.name + ".textproto");
  std::error_code error;
  if (!std::filesystem::exists(
          std::filesystem::symlink_status(candidate, error))) {
    return {};
  }
  return {candidate.string()};
}

AuditRow BadInput(AuditRow row, const absl::Status& status) {
  row.set_verdict("BAD INPUT");
  row.set_error(std::string(status.message()));
  return row;
}

// Checks the fixture at `path`; its report goes to `reports` when it was
// checked.
AuditRow AuditFixture(const std::string& path,
                      std::vector<CoverageReport>& reports) {
  AuditRow row;
  row.set_fixture(std::filesystem::path(path).stem().string());
  absl::StatusOr<FixtureModel> model = LoadFixtureModel(path);
  if (!model.ok()) return BadInput(row, model.status());
  row.set_parameters(model->parameters.parameters_size());
  if (model->fixture.checkpoint_format.empty()) {
    row.set_verdict("no format");
    return row;
  }
  row.set_format(model->fixture.checkpoint_format);
  absl::StatusOr<ConverterManifest> converters =
      BuildFixtureConverters(*model, "");
  if (absl::IsUnimplemented(converters.status())) {
    row.set_verdict("unsupported");
    return row;
  }
  if (!converters.ok()) return BadInput(row, converters.status());
  row.set_converters(converters->converters_size());
  absl::StatusOr<Suppressions> suppressions = Suppressions::Load(
      ConventionalSuppressions(path, model->fixture), AllRules());
  if (!suppressions.ok()) return BadInput(row, suppressions.status());
  reports.push_back(RunRules(CoverageContext(model->parameters, *converters),
                             &*suppressions));
  row.set_findings(CountFindings(reports.back()).findings);
  row.set_verdict(HasErrors(reports.back()) ? "FAIL" : "clean");
  return row;
}

// The cells of a row as the table shows them ("-" for what does not apply).
std::vector<std::string> Cells(const AuditRow& row) {
  const bool checked = row.verdict() == "clean" || row.verdict() == "FAIL";
  const auto number = [](int64_t value, bool shown) {
    return shown ? absl::StrCat(value) : std::string("-");
  };
  return {row.fixture(),
          row.format().empty() ? "-" : row.format(),
          number(row.parameters(), row.parameters() > 0 || checked),
          number(row.converters(), row.converters() > 0 || checked),
          number(row.findings(), checked),
          row.verdict()};
}

// "25 fixtures, 22 with a checkpoint format: all checked are clean".
std::string Summary(const AuditReport& audit, bool clean) {
  const auto count = [&audit](auto predicate) {
    return std::count_if(audit.fixtures().begin(), audit.fixtures().end(),
                         predicate);
  };
  const auto with_format =
      count([](const AuditRow& row) { return !row.format().empty(); });
  const auto unsupported =
      count([](const AuditRow& row) { return row.verdict() == "unsupported"; });
  std::string summary =
      absl::StrCat(audit.fixtures_size(),
                   audit.fixtures_size() == 1 ? " fixture, " : " fixtures, ",
                   with_format, " with a checkpoint format");
  if (unsupported > 0) {
    absl::StrAppend(&summary, " (", unsupported,
                    " in formats weightwalk does not convert yet)");
  }
  absl::StrAppend(&summary, ": ",
                  clean ? "all checked are clean" : "NOT clean");
  return summary;
}

// The table on stdout; each failing fixture's findings and each error on
// stderr.
void PrintText(const AuditReport& audit, bool clean) {
  std::vector<std::vector<std::string>> rows = {
      {"fixture", "format", "parameters", "converters", "findings", "verdict"}};
  for (const AuditRow& row : audit.fixtures()) {
    std::vector<std::string> cells = Cells(row);
    for (std::string& cell : cells) cell = EscapeForTerminal(cell);
    rows.push_back(std::move(cells));
  }
  size_t widths[5] = {0, 0, 0, 0, 0};
  for (const auto& cells : rows) {
    for (int i = 0; i < 5; ++i)
      widths[i] = std::max(widths[i], cells[i].size());
  }
  std::string table;
  for (const auto& cells : rows) {
    for (int i = 0; i < 5; ++i) {
      const std::string padding(widths[i] - cells[i].size(), ' ');
      // Names to the left, numbers to the right.
      absl::StrAppend(&table, i < 2 ? cells[i] + padding : padding + cells[i],
                      "  ");
    }
    absl::StrAppend(&table, cells[5], "\n");
  }
  absl::StrAppend(&table, "\n", Summary(audit, clean), "\n");
  WriteAll(stdout, table);
  std::string details;
  for (const AuditRow& row : audit.fixtures()) {
    if (!row.error().empty()) {
      absl::StrAppend(&details, "error: ", EscapeLinesForTerminal(row.error()),
                      "\n");
    }
  }
  for (const CoverageReport& report : audit.reports()) {
    if (HasErrors(report)) absl::StrAppend(&details, RenderText(report));
  }
  if (!details.empty()) WriteAll(stderr, absl::StrCat("\n", details));
}

std::string RenderMarkdownAudit(const AuditReport& audit, bool clean) {
  std::string markdown =
      absl::StrCat("## weightwalk audit: ", MarkdownText(Summary(audit, clean)),
                   "\n\n| fixture | format | parameters | converters | "
                   "findings | verdict |\n|---|---|---:|---:|---:|---|\n");
  for (const AuditRow& row : audit.fixtures()) {
    const std::vector<std::string> cells = Cells(row);
    absl::StrAppend(&markdown, "| ", MarkdownCode(cells[0]), " | ",
                    MarkdownText(cells[1]), " | ", cells[2], " | ", cells[3],
                    " | ", cells[4], " | ", MarkdownText(cells[5]), " |\n");
  }
  for (const AuditRow& row : audit.fixtures()) {
    if (row.error().empty()) continue;
    absl::StrAppend(&markdown, "\n**", MarkdownText(row.fixture()),
                    "**: ", MarkdownText(row.error()), "\n");
  }
  for (const CoverageReport& report : audit.reports()) {
    if (report.findings().empty()) continue;
    // Each fixture's findings under its own heading, one level down.
    absl::StrAppend(&markdown, "\n#", RenderMarkdown(report));
  }
  return markdown;
}

std::string Render(const AuditReport& audit, bool clean, OutputFormat format) {
  switch (format) {
    case OutputFormat::kMarkdown:
      return RenderMarkdownAudit(audit, clean);
    case OutputFormat::kJson: {
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      options.preserve_proto_field_names = true;
      std::string json;
      // Serializing a valid generated message cannot fail.
      (void)google::protobuf::util::MessageToJsonString(audit, &json, options);
      return json;
    }
    case OutputFormat::kTextProto:
      return FormatTextProto(audit, "coverage/finding.proto");
    case OutputFormat::kSarif:
      return RenderSarif(std::vector<CoverageReport>(audit.reports().begin(),
                                                     audit.reports().end()));
    case OutputFormat::kText:
      break;
  }
  return "";
}

// The fixtures of `directory`, sorted.
absl::StatusOr<std::vector<std::string>> FixturePaths(
    const std::string& directory) {
  std::error_code error;
  std::vector<std::string> paths;
  std::filesystem::directory_iterator entries(directory, error);
  for (; !error && entries != std::filesystem::directory_iterator();
       entries.increment(error)) {
    const std::string path = entries->path().string();
    if (absl::EndsWith(path, ".textproto")) paths.push_back(path);
  }
  if (error) {
    return absl::InvalidArgumentError(absl::StrCat(
        directory, ": cannot list fixtures: ", error.message(),
        " (run from the repository root, or pass --fixtures_dir)"));
  }
  if (paths.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(directory, ": no *.textproto fixtures"));
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

absl::StatusOr<int> Audit(Args& args) {
  const std::string directory = args.Take("fixtures_dir").value_or("fixtures");
  ASSIGN_OR_RETURN(const OutputFormat output,
                   ParseOutputFormat(args.Take("output").value_or("text")));
  RETURN_IF_ERROR(args.CheckAllTaken());
  if (!args.positional().empty()) {
    return absl::InvalidArgumentError("audit takes no arguments");
  }
  ASSIGN_OR_RETURN(const std::vector<std::string> paths,
                   FixturePaths(directory));
  AuditReport audit;
  std::vector<CoverageReport> reports;
  int exit_code = kExitClean;
  for (const std::string& path : paths) {
    *audit.add_fixtures() = AuditFixture(path, reports);
    const std::string& verdict = audit.fixtures().rbegin()->verdict();
    if (verdict == "BAD INPUT") exit_code = kExitBadInput;
    if (verdict == "FAIL" && exit_code == kExitClean) exit_code = kExitFindings;
  }
  for (CoverageReport& report : reports) {
    *audit.add_reports() = std::move(report);
  }
  const bool clean = exit_code == kExitClean;
  if (output == OutputFormat::kText) {
    PrintText(audit, clean);
  } else {
    WriteAll(stdout, Render(audit, clean, output));
  }
  return exit_code;
}

}  // namespace weightwalk

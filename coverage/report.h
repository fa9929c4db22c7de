// Rendering a coverage report where people and machines read it.
//
//   --output=text      the terminal: one line per finding, with repeated
//                      layer indices grouped, did-you-mean hints, and
//                      suppressed findings with their reasons;
//   --output=markdown  a code-review comment: the same groups as a table;
//   --output=json      protobuf's JSON of the CoverageReport;
//   --output=textproto the CoverageReport as canonical TextFormat;
//   --output=sarif     SARIF 2.1.0 for code-scanning tools (sarif.h).
//
// Grouping: findings of one rule whose subjects differ only in numeric path
// segments ("decoder.3.") are shown once, with each varying position as a
// set, so 32 layers missing `mixer.query.bias` print as
//   error: unconverted-parameter: decoder.{0..31}.mixer.query.bias [256] has
//   no converter ... (32 findings)
// Every listed finding stays in the machine formats. A rule lists at most
// --max_findings findings; every format states each rule's exact count,
// and text and Markdown end with a note for each rule not listed in full.
#ifndef WEIGHTWALK_COVERAGE_REPORT_H_
#define WEIGHTWALK_COVERAGE_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coverage/finding.pb.h"

namespace weightwalk {

// How a report is written (RenderReport, coverage/render.h, writes each).
enum class OutputFormat { kText, kMarkdown, kJson, kTextProto, kSarif };

// Every finding of `report` and every suppressed one, listed or only
// counted (from its counts; from its findings for a report built by hand).
struct FindingCounts {
  int64_t findings = 0;
  int64_t suppressed = 0;
};
FindingCounts CountFindings(const CoverageReport& report);

// Where rule `id` is documented: "docs/RULES.md#<id>", relative to the
// repository root (docs/RULES.md is generated from the registry).
std::string RuleDocumentation(absl::string_view id);

// "text", "markdown", "json", "textproto" or "sarif"; InvalidArgumentError
// listing them otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name);

// Findings shown as one: the same rule, severity and suppression, and
// subjects and message equal up to numeric path segments.
struct FindingGroup {
  std::vector<const Finding*> findings;
  // The subjects with each varying index as a set, e.g. "decoder.{0..31}.x".
  std::string subjects;
  // The first finding's message, its indices generalized the same way.
  std::string message;
  std::vector<std::string> did_you_mean;
};

// The groups of `report`, in its (sorted) order of first members.
std::vector<FindingGroup> GroupFindings(const CoverageReport& report);

// A set of indices: "3", "{0..31}", "{0,2,5..7}".
std::string FormatIndexSet(std::vector<int64_t> indices);

// Text for a terminal: every name and message escaped (EscapeForTerminal).
std::string RenderText(const CoverageReport& report);
// Markdown for a review comment: text escaped where it could start markup,
// names in code spans that no backtick in them can end.
std::string MarkdownText(absl::string_view text);
std::string MarkdownCode(absl::string_view text);
std::string RenderMarkdown(const CoverageReport& report);
std::string RenderJson(const CoverageReport& report);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_REPORT_H_

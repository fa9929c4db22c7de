// Rendering a coverage report where people and machines read it.
//
//   --output=text      the terminal: one line per finding, with repeated
//                      layer indices grouped, did-you-mean hints, and
//                      suppressed findings with their reasons;
//   --output=markdown  a code-review comment: the same groups as a table;
//   --output=json      protobuf's JSON of the CoverageReport;
//   --output=textproto the CoverageReport as canonical TextFormat.
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

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coverage/finding.pb.h"

namespace weightwalk {

enum class OutputFormat { kText, kMarkdown, kJson, kTextProto };

// "text", "markdown", "json" or "textproto"; InvalidArgumentError listing
// them otherwise.
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
std::string RenderReport(const CoverageReport& report, OutputFormat format);

}  // namespace weightwalk

#endif  // WEIGHTWALK_COVERAGE_REPORT_H_

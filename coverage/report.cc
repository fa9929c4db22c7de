#include "coverage/report.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "base/terminal.h"
#include "google/protobuf/util/json_util.h"

namespace weightwalk {
namespace {

bool IsIndex(absl::string_view segment) {
  return !segment.empty() &&
         std::all_of(segment.begin(), segment.end(), absl::ascii_isdigit);
}

// `text` with every numeric dot-separated segment of every dotted word
// replaced by "#", and the replaced numbers appended to `indices`.
std::string Generalize(absl::string_view text, std::vector<int64_t>* indices) {
  std::vector<std::string> words = absl::StrSplit(text, ' ');
  for (std::string& word : words) {
    if (word.find('.') == std::string::npos) continue;
    std::vector<std::string> segments = absl::StrSplit(word, '.');
    for (std::string& segment : segments) {
      int64_t value = 0;
      if (IsIndex(segment) && absl::SimpleAtoi(segment, &value)) {
        if (indices != nullptr) indices->push_back(value);
        segment = "#";
      }
    }
    word = absl::StrJoin(segments, ".");
  }
  return absl::StrJoin(words, " ");
}

// `text` with its k-th generalized index replaced by `sets[k]`.
std::string Specialize(absl::string_view text,
                       const std::vector<std::string>& sets) {
  std::vector<std::string> words = absl::StrSplit(text, ' ');
  size_t k = 0;
  for (std::string& word : words) {
    if (word.find('.') == std::string::npos) continue;
    std::vector<std::string> segments = absl::StrSplit(word, '.');
    for (std::string& segment : segments) {
      if (IsIndex(segment) && k < sets.size()) segment = sets[k++];
    }
    word = absl::StrJoin(segments, ".");
  }
  return absl::StrJoin(words, " ");
}

std::string Key(const Finding& finding) {
  return absl::StrCat(
      finding.rule(), "\n", finding.severity(), "\n", finding.suppressed(),
      "\n", finding.suppression_reason(), "\n", finding.location(), "\n",
      Generalize(absl::StrJoin(finding.subjects(), " "), nullptr), "\n",
      Generalize(finding.message(), nullptr));
}

std::string SeverityName(const Finding& finding) {
  if (finding.suppressed()) return "suppressed";
  return absl::AsciiStrToLower(Severity_Name(finding.severity()));
}

std::string CountSuffix(const FindingGroup& group) {
  return group.findings.size() == 1
             ? ""
             : absl::StrCat(" (", group.findings.size(), " findings)");
}

std::string Header(const CoverageReport& report) {
  std::string header =
      absl::StrCat(report.fixture(), " (format ", report.format(), "): ");
  const auto [findings, suppressed] = CountFindings(report);
  if (findings == 0) return absl::StrCat(header, "clean");
  absl::StrAppend(&header, findings, findings == 1 ? " finding" : " findings");
  if (suppressed > 0)
    absl::StrAppend(&header, " (", suppressed, " suppressed)");
  return header;
}

// The rules with findings, listed or counted, sorted.
std::vector<std::string> RulesFound(const CoverageReport& report) {
  std::set<std::string> rules;
  for (const Finding& finding : report.findings()) rules.insert(finding.rule());
  for (const RuleCount& count : report.counts()) rules.insert(count.rule());
  return std::vector<std::string>(rules.begin(), rules.end());
}

// One line per rule with findings not listed: how many are.
std::vector<std::string> OmittedNotes(const CoverageReport& report) {
  std::vector<std::string> notes;
  for (const RuleCount& count : report.counts()) {
    if (count.omitted() == 0) continue;
    notes.push_back(absl::StrCat(count.rule(), ": ",
                                 count.findings() - count.omitted(), " of ",
                                 count.findings(),
                                 " findings listed; --max_findings=0 lists "
                                 "them all"));
  }
  return notes;
}

}  // namespace

FindingCounts CountFindings(const CoverageReport& report) {
  FindingCounts counts;
  if (report.counts().empty()) {  // A report built by hand.
    counts.findings = report.findings_size();
    counts.suppressed = std::count_if(
        report.findings().begin(), report.findings().end(),
        [](const Finding& finding) { return finding.suppressed(); });
  }
  for (const RuleCount& count : report.counts()) {
    counts.findings += count.findings();
    counts.suppressed += count.suppressed();
  }
  return counts;
}

std::string RuleDocumentation(absl::string_view id) {
  return absl::StrCat("docs/RULES.md#", id);
}

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "markdown") return OutputFormat::kMarkdown;
  if (name == "json") return OutputFormat::kJson;
  if (name == "textproto") return OutputFormat::kTextProto;
  if (name == "sarif") return OutputFormat::kSarif;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown output format \"", name,
                   "\"; use text, markdown, json, textproto or sarif"));
}

std::string FormatIndexSet(std::vector<int64_t> indices) {
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  if (indices.size() == 1) return absl::StrCat(indices[0]);
  std::vector<std::string> runs;
  for (size_t i = 0; i < indices.size();) {
    size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (j == i) {
      runs.push_back(absl::StrCat(indices[i]));
    } else if (j == i + 1) {
      runs.push_back(absl::StrCat(indices[i], ",", indices[j]));
    } else {
      runs.push_back(absl::StrCat(indices[i], "..", indices[j]));
    }
    i = j + 1;
  }
  return absl::StrCat("{", absl::StrJoin(runs, ","), "}");
}

std::vector<FindingGroup> GroupFindings(const CoverageReport& report) {
  std::vector<FindingGroup> groups;
  absl::flat_hash_map<std::string, size_t> by_key;
  for (const Finding& finding : report.findings()) {
    const auto [it, inserted] = by_key.emplace(Key(finding), groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].findings.push_back(&finding);
  }
  for (FindingGroup& group : groups) {
    // The values each index position takes across the group.
    std::vector<std::vector<int64_t>> positions;
    for (const Finding* finding : group.findings) {
      std::vector<int64_t> indices;
      Generalize(absl::StrJoin(finding->subjects(), " "), &indices);
      if (positions.empty()) positions.resize(indices.size());
      for (size_t k = 0; k < indices.size() && k < positions.size(); ++k) {
        positions[k].push_back(indices[k]);
      }
    }
    std::vector<std::string> sets;
    absl::flat_hash_map<std::string, std::string> replacements;
    const Finding& first = *group.findings.front();
    std::vector<int64_t> first_indices;
    Generalize(absl::StrJoin(first.subjects(), " "), &first_indices);
    for (size_t k = 0; k < positions.size(); ++k) {
      sets.push_back(FormatIndexSet(positions[k]));
    }
    group.subjects = Specialize(absl::StrJoin(first.subjects(), ", "), sets);
    // In the message and hints, a varying index is written as its set
    // wherever the first finding's value appears as a path segment.
    std::string message = first.message();
    std::vector<std::string> did_you_mean(first.did_you_mean().begin(),
                                          first.did_you_mean().end());
    for (size_t k = 0; k < sets.size(); ++k) {
      if (sets[k] == absl::StrCat(first_indices[k])) continue;
      const std::string from = absl::StrCat(".", first_indices[k], ".");
      const std::string to = absl::StrCat(".", sets[k], ".");
      message = absl::StrReplaceAll(message, {{from, to}});
      for (std::string& name : did_you_mean) {
        name = absl::StrReplaceAll(name, {{from, to}});
      }
    }
    group.message = message;
    group.did_you_mean = did_you_mean;
  }
  return groups;
}

std::string RenderText(const CoverageReport& report) {
  // Names come from the checkpoint: each line's text is escaped, so none
  // can forge a line or act on the terminal.
  std::string text = absl::StrCat(EscapeForTerminal(Header(report)), "\n");
  for (const FindingGroup& group : GroupFindings(report)) {
    const Finding& first = *group.findings.front();
    absl::StrAppend(&text, SeverityName(first), ": ", first.rule(), ": ",
                    EscapeForTerminal(group.message), CountSuffix(group), "\n");
    if (!first.location().empty()) {
      absl::StrAppend(&text, "  at ", EscapeForTerminal(first.location()),
                      "\n");
    }
    if (!group.did_you_mean.empty()) {
      absl::StrAppend(
          &text, "  did you mean: ",
          EscapeForTerminal(absl::StrJoin(group.did_you_mean, ", ")), "\n");
    }
    if (first.suppressed()) {
      absl::StrAppend(&text, "  suppressed because: ",
                      EscapeForTerminal(first.suppression_reason()), "\n");
    }
  }
  for (const std::string& note : OmittedNotes(report)) {
    absl::StrAppend(&text, "note: ", EscapeForTerminal(note), "\n");
  }
  const std::vector<std::string> rules = RulesFound(report);
  if (!rules.empty()) {
    std::vector<std::string> links;
    for (const std::string& rule : rules)
      links.push_back(RuleDocumentation(rule));
    absl::StrAppend(&text, "rules: ", absl::StrJoin(links, " "), "\n");
  }
  return text;
}

std::string MarkdownText(absl::string_view text) {
  std::string out;
  for (const char c : EscapeForTerminal(text)) {
    // What could start markup, end a cell or break the line.
    if (std::string_view("\\`*_[]<>!|~&#").find(c) != std::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string MarkdownCode(absl::string_view text) {
  // A code span fenced by more backticks than any run inside it, padded so
  // that a backtick at either end stays inside; `|` is escaped even here,
  // as tables require. A table row is split at a `|` after an even number
  // of backslashes (each pair is one escaped backslash), so one more is
  // added there.
  std::string escaped;
  size_t backslashes = 0;
  for (const char c : EscapeForTerminal(text)) {
    if (c == '|' && backslashes % 2 == 0) escaped.push_back('\\');
    backslashes = c == '\\' ? backslashes + 1 : 0;
    escaped.push_back(c);
  }
  size_t longest = 0;
  for (size_t i = 0, run = 0; i < escaped.size(); ++i) {
    run = escaped[i] == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad =
      !escaped.empty() && (escaped.front() == '`' || escaped.back() == '`');
  return absl::StrCat(fence, pad ? " " : "", escaped, pad ? " " : "", fence);
}

std::string RenderMarkdown(const CoverageReport& report) {
  const auto cell = [](absl::string_view text) { return MarkdownText(text); };
  std::string markdown =
      absl::StrCat("### weightwalk: ", cell(Header(report)), "\n");
  if (report.findings().empty()) return markdown;
  absl::StrAppend(&markdown,
                  "\n| severity | rule | subjects | what to do |\n"
                  "|---|---|---|---|\n");
  for (const FindingGroup& group : GroupFindings(report)) {
    const Finding& first = *group.findings.front();
    std::string detail = cell(group.message);
    if (!group.did_you_mean.empty()) {
      std::vector<std::string> names;
      for (const std::string& name : group.did_you_mean) {
        names.push_back(MarkdownCode(name));
      }
      absl::StrAppend(&detail, " Did you mean ", absl::StrJoin(names, ", "),
                      "?");
    }
    if (first.suppressed()) {
      absl::StrAppend(&detail,
                      " Suppressed: ", cell(first.suppression_reason()));
    }
    if (!first.location().empty()) {
      absl::StrAppend(&detail, " At ", MarkdownCode(first.location()), ".");
    }
    absl::StrAppend(&markdown, "| ", SeverityName(first), " | [",
                    MarkdownCode(first.rule()), "](",
                    RuleDocumentation(first.rule()), ") | ",
                    MarkdownCode(group.subjects), cell(CountSuffix(group)),
                    " | ", detail, " |\n");
  }
  const std::vector<std::string> notes = OmittedNotes(report);
  if (!notes.empty()) absl::StrAppend(&markdown, "\n");
  for (const std::string& note : notes) {
    absl::StrAppend(&markdown, "- ", cell(note), "\n");
  }
  return markdown;
}

std::string RenderJson(const CoverageReport& report) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  // Serializing a valid generated message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(report, &json, options);
  return json;
}

}  // namespace weightwalk

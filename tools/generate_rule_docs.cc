// Writes docs/RULES.md from the rule registry: each rule's id, severity,
// summary, why and fix as its code declares them (coverage/<rule>.cc), and
// an example finding taken from the rule's first case that fires
// (coverage/testdata/rules/<id>/<case>/expected.textproto).
//
//   generate_rule_docs --output=RULES.md
//     coverage/testdata/rules/<id>/<case>/expected.textproto ...
//
// A registered rule with no case that fires is an error (exit 2), and
// nothing is written.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/args.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "coverage/registry.h"
#include "coverage/report.h"

namespace weightwalk {
namespace {

// The example of each rule: the text report's lines for the first finding
// of the rule in its first case (by path) where it fires, unsuppressed.
absl::StatusOr<std::map<std::string, std::string>> Examples(
    std::vector<std::string> cases) {
  std::sort(cases.begin(), cases.end());
  std::map<std::string, std::string> examples;
  for (const std::string& path : cases) {
    CoverageReport expected;
    RETURN_IF_ERROR(ReadTextProto(path, &expected));
    // .../rules/<id>/<case>/expected.textproto
    const std::vector<std::string> parts = absl::StrSplit(path, '/');
    if (parts.size() < 3) continue;
    const std::string& id = parts[parts.size() - 3];
    if (examples.count(id) != 0) continue;
    for (const Finding& finding : expected.findings()) {
      if (finding.rule() != id || finding.suppressed()) continue;
      CoverageReport one;
      *one.add_findings() = finding;
      std::string text = RenderText(one);
      text.erase(0, text.find('\n') + 1);  // The header,
      text.erase(text.rfind("rules: "));   // and the rules' links.
      examples[id] = text;
      break;
    }
  }
  return examples;
}

std::string Render(const std::map<std::string, std::string>& examples) {
  std::string markdown =
      "# Coverage rules\n\n"
      "<!-- Generated from the rule registry (coverage/<rule>.cc) and each "
      "rule's cases (coverage/testdata/rules/) by //tools:generate_rule_docs; "
      "do not edit. Update with: ./bazelw run //docs:rules.update -->\n\n"
      "Every finding weightwalk reports comes from one of these rules. A "
      "finding can be suppressed, with a reason, in "
      "`fixtures/suppressions/<fixture>.textproto`.\n\n"
      "| rule | severity | finds |\n|---|---|---|\n";
  for (const Rule* rule : AllRules()) {
    absl::StrAppend(&markdown, "| [`", rule->id, "`](#", rule->id, ") | ",
                    absl::AsciiStrToLower(Severity_Name(rule->severity)), " | ",
                    rule->summary, " |\n");
  }
  for (const Rule* rule : AllRules()) {
    std::string summary(rule->summary);
    summary[0] = absl::ascii_toupper(summary[0]);
    absl::StrAppend(&markdown, "\n## ", rule->id, "\n\n", summary,
                    ".\n\n**Why it matters.** ", rule->why,
                    "\n\n**Example.**\n\n```\n",
                    examples.at(std::string(rule->id)), "```\n\n**Fix.** ",
                    rule->fix, "\n");
  }
  return markdown;
}

absl::Status Run(int argc, char** argv) {
  ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv));
  ASSIGN_OR_RETURN(const std::string output, args.TakeRequired("output"));
  RETURN_IF_ERROR(args.CheckAllTaken());
  ASSIGN_OR_RETURN(const auto examples, Examples(args.positional()));
  for (const Rule* rule : AllRules()) {
    if (examples.count(std::string(rule->id)) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule ", rule->id,
                       " has no case that fires: add one under "
                       "coverage/testdata/rules/",
                       rule->id, "/"));
    }
  }
  return WriteFileAtomically(output, Render(examples));
}

}  // namespace
}  // namespace weightwalk

int main(int argc, char** argv) {
  return weightwalk::RunMainWithStatus("generate_rule_docs", argc, argv,
                                       weightwalk::Run);
}

// Renders coverage/rules.textproto (the rule documentation) as Markdown:
//
//   generate_rule_docs --rules=coverage/rules.textproto --output=RULES.md
//
// Every registered rule must be documented and every documented rule
// registered; otherwise nothing is written and the exit code is 2.
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "base/args.h"
#include "base/status_macros.h"
#include "base/textproto.h"
#include "coverage/registry.h"
#include "coverage/rule_documentation.pb.h"

namespace weightwalk {
namespace {

absl::StatusOr<std::string> Render(const RuleDocumentationList& documentation) {
  absl::flat_hash_set<std::string> documented;
  for (const RuleDocumentation& rule : documentation.rules()) {
    documented.insert(rule.id());
  }
  absl::flat_hash_set<std::string> registered;
  for (const Rule* rule : AllRules()) {
    registered.emplace(rule->id);
    if (!documented.contains(rule->id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("rule ", rule->id, " is registered but not documented"));
    }
  }
  std::string markdown =
      "# Coverage rules\n\n"
      "<!-- Generated from coverage/rules.textproto by "
      "//tools:generate_rule_docs; do not edit. Update with: ./bazelw run "
      "//docs:rules.update -->\n\n"
      "Every finding weightwalk reports comes from one of these rules. A "
      "finding can be suppressed, with a reason, in "
      "`fixtures/suppressions/<fixture>.textproto`.\n\n"
      "| rule | severity | finds |\n|---|---|---|\n";
  for (const RuleDocumentation& rule : documentation.rules()) {
    if (!registered.contains(rule.id())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "rule ", rule.id(), " is documented but not registered"));
    }
  }
  for (const Rule* rule : AllRules()) {
    absl::StrAppend(&markdown, "| [`", rule->id, "`](#", rule->id, ") | ",
                    absl::AsciiStrToLower(Severity_Name(rule->severity)), " | ",
                    rule->summary, " |\n");
  }
  for (const Rule* rule : AllRules()) {
    for (const RuleDocumentation& doc : documentation.rules()) {
      if (doc.id() != rule->id) continue;
      absl::StrAppend(&markdown, "\n## ", doc.id(), "\n\n", doc.summary(),
                      "\n\n**Why it matters.** ", doc.why(),
                      "\n\n**Example.**\n\n```\n", doc.example(),
                      "\n```\n\n**Fix.** ", doc.fix(), "\n");
    }
  }
  return markdown;
}

absl::Status Run(int argc, char** argv) {
  ASSIGN_OR_RETURN(Args args, Args::Parse(argc, argv));
  ASSIGN_OR_RETURN(const std::string rules, args.TakeRequired("rules"));
  ASSIGN_OR_RETURN(const std::string output, args.TakeRequired("output"));
  RETURN_IF_ERROR(args.CheckAllTaken());
  RuleDocumentationList documentation;
  RETURN_IF_ERROR(ReadTextProto(rules, &documentation));
  absl::StatusOr<std::string> markdown = Render(documentation);
  if (!markdown.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(rules, ": ", markdown.status().message()));
  }
  return WriteFileAtomically(output, *markdown);
}

}  // namespace
}  // namespace weightwalk

int main(int argc, char** argv) {
  return weightwalk::RunMainWithStatus("generate_rule_docs", argc, argv,
                                       weightwalk::Run);
}
